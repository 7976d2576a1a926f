// Test support: a stand-in for the core as a face sees it, a client whose methods answer from
// handlers the test gives and whose events the test emits. It records every call. Used by the
// store tests; nothing in the app imports it.

import { AppError, type Client, type EventName, type EventPayloads, type MethodName, type MethodParams, type MethodResult } from '../../../core/contract';

export type Handlers = { [M in MethodName]?: (params: MethodParams<M>) => MethodResult<M> | Promise<MethodResult<M>> };

export function fakeCore(handlers: Handlers = {}) {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const calls: [MethodName, unknown][] = [];
  const client: Pick<Client, 'call' | 'on'> = {
    call: (async (method: MethodName, params: never) => {
      calls.push([method, params]);
      const handler = handlers[method] as ((params: never) => unknown) | undefined;
      if (!handler) throw new AppError('NOT_FOUND', `no fake for ${method}`);
      return handler(params);
    }) as Client['call'],
    on: ((name: EventName, listener: (payload: never) => void) => {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener);
      return () => set.delete(listener);
    }) as Client['on'],
  };
  return {
    client,
    handlers,
    calls,
    emit<E extends EventName>(name: E, payload: EventPayloads[E]): void {
      for (const listener of [...(listeners.get(name) ?? [])]) (listener as (payload: EventPayloads[E]) => void)(payload);
    },
    listening: (name: EventName) => listeners.get(name)?.size ?? 0,
    methods: () => calls.map(([method]) => method),
    of: <M extends MethodName>(method: M) => calls.filter(([name]) => name === method).map(([, params]) => params as MethodParams<M>),
  };
}

/** Lets answered calls and the work they start run to the end. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
