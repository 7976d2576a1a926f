// Shows when browser mode has lost its connection to `meshdeck serve` and is reconnecting, or
// when the serve that answers no longer takes this page's token (it was restarted).
// The desktop app has no such state, so there this renders nothing.

import { useSyncExternalStore } from 'react';
import type { ConnectionMonitor, ConnectionState } from '../transport/websocket-bridge';
import { Icon } from './Icon';

const WORDS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Reconnecting…',
  refused: 'MeshDeck was restarted',
  closed: 'Disconnected',
};

const TITLES: Record<ConnectionState, string> = {
  connecting: 'Connecting to meshdeck serve…',
  open: 'Connected to meshdeck serve',
  reconnecting: 'MeshDeck is not answering; this page keeps trying. If meshdeck serve was restarted, open the new link it printed.',
  refused: 'meshdeck serve was restarted and has a new access token: open the new link from the terminal.',
  closed: 'The connection to meshdeck serve is closed. Reload the page.',
};

export function ConnectionBadge({ connection }: { connection: ConnectionMonitor }) {
  const state = useSyncExternalStore(
    (notify) => connection.onChange(notify),
    () => connection.state,
  );
  return (
    <span className={`connection connection-${state}`} role="status" data-testid="connection" data-state={state} title={TITLES[state]}>
      <Icon name="plug" size={14} />
      {WORDS[state]}
    </span>
  );
}
