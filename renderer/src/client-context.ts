// Hands the one Client to components. They never see the Bridge, so they cannot tell whether
// the desktop preload or the browser-mode WebSocket carries their calls.

import { createContext, useContext } from 'react';
import type { Client } from '../../core/contract';
import type { ConnectionMonitor } from './transport/websocket-bridge';

export interface CoreConnection {
  client: Client;
  /** Present when the transport can drop and come back (browser mode); null on the desktop. */
  connection: ConnectionMonitor | null;
}

export const CoreContext = createContext<CoreConnection | null>(null);

export function useCore(): CoreConnection {
  const core = useContext(CoreContext);
  if (!core) throw new Error('useCore outside <CoreContext>');
  return core;
}
