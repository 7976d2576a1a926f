// The title bar: product name and the version the core reports, plus the connection state in
// browser mode.

import type { AppStatusInfo } from '../../../core/contract';
import type { ConnectionMonitor } from '../transport/websocket-bridge';
import { ConnectionBadge } from './ConnectionBadge';
import { Icon } from './Icon';

export function AppHeader({ status, connection }: { status: AppStatusInfo | null; connection: ConnectionMonitor | null }) {
  return (
    <header className="appbar">
      <div className="brand">
        <span className="brand-mark">
          <Icon name="logo" size={20} />
        </span>
        <span className="brand-name">MeshDeck</span>
        {status ? (
          <span className="brand-version" data-testid="app-version">
            v{status.version}
          </span>
        ) : null}
      </div>
      <div className="appbar-meta">
        {status ? (
          <span className="appbar-facts">
            {status.face === 'browser' ? 'Browser mode' : 'Desktop'} · {status.platform}/{status.arch}
          </span>
        ) : null}
        {connection ? <ConnectionBadge connection={connection} /> : null}
      </div>
    </header>
  );
}
