// "The connection came back": after a drop, events may have been missed and the core has ended
// this page's streams, so the stores read their state again (connect-stores.ts listens once).

import type { ConnectionMonitor } from './websocket-bridge';

/** Calls `listener` each time the connection is open again after having been down. */
export function onReconnected(connection: ConnectionMonitor, listener: () => void): () => void {
  let wasDown = false;
  return connection.onChange((state) => {
    if (state === 'reconnecting') wasDown = true;
    if (state === 'open' && wasDown) {
      wasDown = false;
      listener();
    }
  });
}
