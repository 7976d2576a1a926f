export {
  BOOKINFO_APP_FILE,
  BOOKINFO_GATEWAY_FILE,
  DEFAULT_BOOKINFO_NAMESPACE,
  INJECTION_LABEL,
  bookinfoNamespace,
  inNamespace,
  readBookinfo,
  type BookinfoObjects,
} from './read-bookinfo';
export { bookinfoUrl } from '../gateways';
