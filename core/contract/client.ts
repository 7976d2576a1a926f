// A typed client over any Bridge: unwraps envelopes into values or AppErrors. The renderer
// and the CLI use this; neither knows which transport carries the calls.

import { AppError } from './errors';
import type { EventName, EventPayloads } from './events';
import type { MethodName, MethodParams, MethodResult } from './methods';
import type { Bridge } from './protocol';

export interface Client {
  call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

export function createClient(bridge: Bridge): Client {
  return {
    async call(method, params) {
      const envelope = await bridge.call(method, params);
      if (!envelope.ok) throw AppError.fromInfo(envelope.error);
      return envelope.value as MethodResult<typeof method>;
    },
    on(name, listener) {
      return bridge.subscribe((eventName, payload) => {
        if (eventName === name) listener(payload as EventPayloads[typeof name]);
      });
    },
  };
}
