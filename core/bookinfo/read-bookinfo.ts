// Bookinfo from the Istio release's samples/bookinfo folder (the path comes from core/tools):
// the app (platform/kube/bookinfo.yaml), its gateway and VirtualService
// (networking/bookinfo-gateway.yaml), and the namespace labelled for sidecar injection. The
// objects are placed in the chosen namespace and Istio ones validated; applying is core/kube's.

import { join } from 'node:path';
import { AppError } from '../contract';
import { validateIstioObject } from '../gateways';
import { readManifest, type ManifestObject } from '../kube';

export const DEFAULT_BOOKINFO_NAMESPACE = 'default';
export const INJECTION_LABEL = { 'istio-injection': 'enabled' } as const;
export const BOOKINFO_APP_FILE = join('platform', 'kube', 'bookinfo.yaml');
export const BOOKINFO_GATEWAY_FILE = join('networking', 'bookinfo-gateway.yaml');

export interface BookinfoObjects {
  /** The namespace with istio-injection=enabled; apply it first. */
  namespace: ManifestObject;
  /** Services, ServiceAccounts and Deployments of the app. */
  app: ManifestObject[];
  /** bookinfo-gateway and the bookinfo VirtualService. */
  gateway: ManifestObject[];
}

const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The namespace object; server-side apply of it only claims the injection label. */
export function bookinfoNamespace(name: string = DEFAULT_BOOKINFO_NAMESPACE): ManifestObject {
  if (!NAMESPACE_NAME.test(name)) {
    throw new AppError('INVALID_ARGUMENT', `"${name}" is not a valid namespace name: use lower-case letters, digits and dashes (at most 63).`, { field: 'namespace', value: name });
  }
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { ...INJECTION_LABEL } } };
}

/** Copies of the objects, each in the namespace (the upstream files name none). */
export function inNamespace(objects: readonly ManifestObject[], namespace: string): ManifestObject[] {
  return objects.map((object) => ({ ...object, metadata: { ...object.metadata, namespace } }));
}

export async function readBookinfo(bookinfoDir: string, options: { namespace?: string } = {}): Promise<BookinfoObjects> {
  const namespace = bookinfoNamespace(options.namespace ?? DEFAULT_BOOKINFO_NAMESPACE);
  const name = namespace.metadata.name;
  const [app, gateway] = await Promise.all([readManifest(join(bookinfoDir, BOOKINFO_APP_FILE)), readManifest(join(bookinfoDir, BOOKINFO_GATEWAY_FILE))]);
  const gatewayObjects = inNamespace(gateway, name);
  gatewayObjects.forEach(validateIstioObject);
  return { namespace, app: inNamespace(app, name), gateway: gatewayObjects };
}
