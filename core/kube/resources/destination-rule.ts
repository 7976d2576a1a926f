// Istio DestinationRules: their resource and raw shape (@kubernetes-models/istio's interface).
import type { IDestinationRule } from '@kubernetes-models/istio/networking.istio.io/v1';
import type { ResourceInfo } from '../discovery';

export const DESTINATION_RULE: ResourceInfo = { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', resource: 'destinationrules', namespaced: true };

export type DestinationRuleObject = IDestinationRule;
