// Istio VirtualServices: their resource and raw shape (@kubernetes-models/istio's interface, so
// the fields are Istio's own, not re-declared here).
import type { IVirtualService } from '@kubernetes-models/istio/networking.istio.io/v1';
import type { ResourceInfo } from '../discovery';

export const VIRTUAL_SERVICE: ResourceInfo = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', resource: 'virtualservices', namespaced: true };

export type VirtualServiceObject = IVirtualService;
