// Namespaces: their resource (cluster-scoped) and raw shape (client-node's V1Namespace).
import type { V1Namespace } from '@kubernetes/client-node';
import type { ResourceInfo } from '../discovery';

export const NAMESPACE: ResourceInfo = { apiVersion: 'v1', kind: 'Namespace', resource: 'namespaces', namespaced: false };

export type NamespaceObject = V1Namespace;
