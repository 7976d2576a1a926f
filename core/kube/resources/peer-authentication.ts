// Istio PeerAuthentications (mTLS mode per namespace, workload or mesh): their resource.
import type { ResourceInfo } from '../discovery';

export const PEER_AUTHENTICATION: ResourceInfo = { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', resource: 'peerauthentications', namespaced: true };
