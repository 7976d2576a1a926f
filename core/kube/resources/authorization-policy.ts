// Istio AuthorizationPolicies (ALLOW/DENY rules per workload or namespace): their resource.
import type { ResourceInfo } from '../discovery';

export const AUTHORIZATION_POLICY: ResourceInfo = { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', resource: 'authorizationpolicies', namespaced: true };
