// Browser mode's strip under the title bar. Until dismissed (per tab), it says what the link's
// access token is: valid until this `meshdeck serve` stops, so keep the link to yourself. When
// the serve that answers no longer takes this page's token (it was restarted, with a new token),
// it says so in place of everything else: this page cannot reconnect, only the new link can.
// While the page retries, it says so too: a serve restarted on another port (the default picks a
// free one) never answers here, and only its new link reaches it.
// The desktop app has no token and no such strip.

import { useState, useSyncExternalStore } from 'react';
import { RESTARTED_MESSAGE, type ConnectionMonitor } from '../transport/websocket-bridge';
import { Icon } from './Icon';

const SEEN_KEY = 'meshdeck.token-note-seen';

export const TOKEN_NOTE = 'The access token in this page’s link is valid until this meshdeck serve stops (Ctrl+C in its terminal). Anyone with the link can use MeshDeck until then: keep it to yourself.';

function noteSeen(): boolean {
  try {
    return globalThis.sessionStorage?.getItem(SEEN_KEY) === '1';
  } catch {
    return false; // Storage can be blocked; the note then shows on each load.
  }
}

function rememberSeen(): void {
  try {
    globalThis.sessionStorage?.setItem(SEEN_KEY, '1');
  } catch {
    // Not remembered: it shows again on the next load, which is harmless.
  }
}

export function BrowserModeBanner({ connection }: { connection: ConnectionMonitor }) {
  const state = useSyncExternalStore(
    (notify) => connection.onChange(notify),
    () => connection.state,
  );
  const [seen, setSeen] = useState(noteSeen);
  if (state === 'refused') {
    return (
      <div className="session-note session-note-refused" role="alert" data-testid="session-restarted">
        <Icon name="fail" size={16} />
        <p>
          <strong>{RESTARTED_MESSAGE}</strong> This page’s access token was for the meshdeck serve that stopped; the one running now printed a new link with a new token, and this page cannot use it by itself.
        </p>
      </div>
    );
  }
  if (state === 'reconnecting') {
    return (
      <div className="session-note session-note-lost" role="status" data-testid="session-lost">
        <Icon name="warn" size={16} />
        <p>MeshDeck is not answering; this page keeps trying. If you restarted meshdeck serve, open the new link from its terminal.</p>
      </div>
    );
  }
  if (seen) return null;
  return (
    <div className="session-note" role="note" data-testid="token-note">
      <Icon name="info" size={16} />
      <p>{TOKEN_NOTE}</p>
      <button
        type="button"
        className="session-note-dismiss"
        onClick={() => {
          rememberSeen();
          setSeen(true);
        }}
        data-testid="token-note-dismiss"
      >
        Got it
      </button>
    </div>
  );
}
