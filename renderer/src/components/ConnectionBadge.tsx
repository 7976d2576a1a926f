// Shows when browser mode has lost its connection to `meshdeck serve` and is reconnecting.
// The desktop app has no such state, so there this renders nothing.

import { useSyncExternalStore } from 'react';
import type { ConnectionMonitor, ConnectionState } from '../transport/websocket-bridge';
import { Icon } from './Icon';

const WORDS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
};

export function ConnectionBadge({ connection }: { connection: ConnectionMonitor }) {
  const state = useSyncExternalStore(
    (notify) => connection.onChange(notify),
    () => connection.state,
  );
  return (
    <span className={`connection connection-${state}`} role="status" data-testid="connection" data-state={state} title={state === 'open' ? 'Connected to meshdeck serve' : 'MeshDeck is not answering; this page keeps trying. If meshdeck serve was restarted, open the new link it printed.'}>
      <Icon name="plug" size={14} />
      {WORDS[state]}
    </span>
  );
}
