// The Workshop screen's view of the core: the workshop methods and the `workshop:changed` event,
// typed by the workshop contract. The engine wires those names into the API's method and event
// lists; until a branch has them there, the shared Client's types do not know them, so the calls
// pass through it untyped here, in this one place, and come out typed by the contract again.

import type { Client, TaskInfo, WorkshopChangedInfo, WorkshopMethodResults, WorkshopTaskResultInfo, WORKSHOP_METHOD_PARAMS, schema } from '../../../core/contract';

export type WorkshopMethod = keyof WorkshopMethodResults & keyof typeof WORKSHOP_METHOD_PARAMS;
export type WorkshopParams<M extends WorkshopMethod> = schema.Infer<(typeof WORKSHOP_METHOD_PARAMS)[M]>;

export interface WorkshopClient {
  call<M extends WorkshopMethod>(method: M, params: WorkshopParams<M>): Promise<WorkshopMethodResults[M]>;
  onChanged(listener: (info: WorkshopChangedInfo) => void): () => void;
}

type UntypedCall = (method: string, params: unknown) => Promise<unknown>;
type UntypedOn = (name: string, listener: (payload: unknown) => void) => () => void;

export function workshopClient(client: Pick<Client, 'call' | 'on'>): WorkshopClient {
  const call = client.call as unknown as UntypedCall;
  const on = client.on as unknown as UntypedOn;
  return {
    call: <M extends WorkshopMethod>(method: M, params: WorkshopParams<M>) => call(method, params) as Promise<WorkshopMethodResults[M]>,
    onChanged: (listener) => on('workshop:changed', (payload) => listener(payload as WorkshopChangedInfo)),
  };
}

/** A finished workshop task's result (a check, or what setup/solve/reset changed), if it has one. */
export function workshopResultOf(task: TaskInfo): WorkshopTaskResultInfo | null {
  const result = task.result as { kind?: unknown } | undefined;
  if (result?.kind === 'workshop-check' || result?.kind === 'workshop-action') return result as unknown as WorkshopTaskResultInfo;
  return null;
}
