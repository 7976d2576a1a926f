// ServiceAccounts: their resource (the identity a workload's mTLS certificate names). Pure.
import type { ResourceInfo } from '../discovery';

export const SERVICE_ACCOUNT: ResourceInfo = { apiVersion: 'v1', kind: 'ServiceAccount', resource: 'serviceaccounts', namespaced: true };
