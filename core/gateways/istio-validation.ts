// Validates networking.istio.io objects with @kubernetes-models/istio before anything applies
// them, and turns a schema failure into INVALID_ARGUMENT naming the object. Other kinds pass.

import { DestinationRule, Gateway, ServiceEntry, Sidecar, VirtualService } from '@kubernetes-models/istio/networking.istio.io/v1';
import { AppError } from '../contract';
import type { KubeObject } from '../kube';

const MODELS = { Gateway, VirtualService, DestinationRule, ServiceEntry, Sidecar } as const;

export function validateIstioObject(object: KubeObject): void {
  const kind = object.kind ?? '';
  if (object.apiVersion !== 'networking.istio.io/v1' || !(kind in MODELS)) return;
  const Model = MODELS[kind as keyof typeof MODELS];
  try {
    // The model classes take their own interface; the check itself is what validate() is for.
    new Model(object as never).validate();
  } catch (error) {
    throw new AppError('INVALID_ARGUMENT', `${object.kind} "${object.metadata?.name ?? '?'}" does not fit Istio's schema: ${(error as Error).message}`, { kind, name: object.metadata?.name ?? '' });
  }
}
