// A Bridge to a core in the same process, for the CLI: calls go to the core's dispatcher as one
// caller and events come from its EventHub, so a command talks to the core exactly as the UI does
// over IPC or WebSocket. Values are copied both ways, as a transport would. Closing the bridge is
// that caller going away: the log streams, generator runs and shells it opened end with it.

import { AppError, type Bridge, type Envelope } from '../contract';
import { CallerScope } from './caller';
import type { Dispatcher } from './dispatcher';
import type { EventHub } from './event-hub';

export interface InProcessBridge extends Bridge {
  /** Ends the caller (its cleanups run) and stops every subscription; later calls answer TRANSPORT_CLOSED. */
  close(): void;
}

export function connectInProcess(core: { dispatcher: Dispatcher; events: EventHub }): InProcessBridge {
  const caller = new CallerScope();
  const subscriptions = new Set<() => void>();
  let closed = false;
  return {
    async call(method, params): Promise<Envelope<unknown>> {
      if (closed) return { ok: false, error: new AppError('TRANSPORT_CLOSED', 'The connection to MeshDeck closed.').toInfo() };
      return structuredClone(await core.dispatcher.dispatch(method, structuredClone(params), caller));
    },
    subscribe(listener) {
      const unsubscribe = core.events.subscribe((name, payload) => listener(name, structuredClone(payload)));
      subscriptions.add(unsubscribe);
      return () => {
        subscriptions.delete(unsubscribe);
        unsubscribe();
      };
    },
    close() {
      if (closed) return;
      closed = true;
      for (const unsubscribe of subscriptions) unsubscribe();
      subscriptions.clear();
      caller.gone();
    },
  };
}
