// The sessions behind the shell tabs (shells-store.ts): one core session per tab, the output it
// has shown (kept, bounded, so a terminal shown again — another tab, or back on the Logs screen —
// starts with what was there), and whether a command runs (model/shell-activity.ts). A session
// opens when its tab's terminal first attaches, at that terminal's size; it ends only when its tab
// is closed, the shell exits, or the connection to the core is lost (the core then ends it).

import type { Client } from '../../../core/contract';
import type { ConnectionMonitor } from '../transport/websocket-bridge';
import { QUIET_SHELL, afterInput, afterOutput, type ShellActivity } from '../model/shell-activity';
import type { StoreConnection } from './reducer-store';
import { openShellSession, type ShellHandle } from './shell-session';
import { closeNeedsConfirm, nextTabId, shellsStore, type ShellExit, type ShellTarget, type ShellsStore } from './shells-store';

type ShellClient = Pick<Client, 'call' | 'on'>;

/** A terminal showing a tab. */
export interface ShellView {
  write(data: string): void;
  size(): { cols: number; rows: number };
}

export interface ShellTabs {
  /** Adds a tab for the target and shows it; false at the limit (SHELL_TAB_LIMIT). */
  open(target: ShellTarget, namespace: string | null): boolean;
  /** A tab's terminal: gets what the tab showed so far, then follows it; the first one opens the session. */
  attach(client: ShellClient, id: string, view: ShellView): () => void;
  input(id: string, data: string): void;
  resize(id: string, cols: number, rows: number): void;
  /** A new session in the same tab, after the last one ended or could not open. */
  restart(id: string): void;
  close(id: string): void;
  /** Closes the tab, or first asks (the store's `confirming`) when a command looks like it is running. */
  requestClose(id: string): void;
  /** The core ended every session of this page (the connection dropped, or the server refused it): the tabs say so. */
  connectionLost(refused?: boolean): void;
}

/** What a tab keeps for its terminal; beyond it the oldest output goes (the terminal's scrollback is smaller). */
export const KEPT_OUTPUT_CHARS = 512 * 1024;

interface Session {
  generation: number;
  handle: ShellHandle | null;
  /** Output in order, at most KEPT_OUTPUT_CHARS in all. */
  output: string[];
  kept: number;
  views: Set<ShellView>;
  activity: ShellActivity;
}

export function exitLine(exit: ShellExit): string {
  const what = exit.message ? `connection lost: ${exit.message}` : exit.code === null ? 'shell ended' : `shell exited with code ${exit.code}`;
  return `\r\n\x1b[2m── ${what} ──\x1b[0m\r\n`;
}

function keep(session: Session, data: string): void {
  session.output.push(data);
  session.kept += data.length;
  while (session.kept > KEPT_OUTPUT_CHARS && session.output.length > 1) session.kept -= session.output.shift()!.length;
  for (const view of [...session.views]) view.write(data);
}

// Long because it is the one closure over the sessions map: each method is a few lines.
export function createShellTabs(store: ShellsStore): ShellTabs {
  const sessions = new Map<string, Session>();
  const read = () => store.getState();

  function tabOf(id: string) {
    return read().state.tabs.find((tab) => tab.id === id);
  }

  function fresh(generation: number): Session {
    return { generation, handle: null, output: [], kept: 0, views: new Set(), activity: QUIET_SHELL };
  }

  function track(id: string, session: Session, next: ShellActivity): void {
    const was = session.activity.running;
    session.activity = next;
    if (next.running !== was) read().dispatch({ type: 'running-changed', id, generation: session.generation, running: next.running });
  }

  function start(client: ShellClient, id: string, session: Session, size: { cols: number; rows: number }): void {
    const tab = tabOf(id);
    if (!tab) return;
    const { generation } = session;
    const current = () => sessions.get(id) === session;
    session.handle = openShellSession(
      client,
      { ...(tab.namespace === null ? {} : { namespace: tab.namespace }), pod: tab.pod, container: tab.container, cols: size.cols, rows: size.rows },
      {
        opened: (info) => current() && read().dispatch({ type: 'session-opened', id, generation, session: info }),
        output: (data) => {
          if (!current()) return;
          keep(session, data);
          track(id, session, afterOutput(session.activity, data));
        },
        exited: (exit) => {
          if (!current()) return;
          keep(session, exitLine(exit));
          read().dispatch({ type: 'session-exited', id, generation, exit });
        },
        failed: (error) => current() && read().dispatch({ type: 'session-failed', id, generation, error }),
      },
    );
  }

  function end(id: string): void {
    const session = sessions.get(id);
    sessions.delete(id);
    void session?.handle?.close();
  }

  function close(id: string): void {
    end(id);
    read().dispatch({ type: 'tab-closed', id });
  }

  return {
    open(target, namespace) {
      const id = nextTabId(read().state);
      read().dispatch({ type: 'tab-added', target, namespace });
      return tabOf(id) !== undefined;
    },
    attach(client, id, view) {
      const tab = tabOf(id);
      if (!tab) return () => undefined;
      let session = sessions.get(id);
      if (!session || session.generation !== tab.generation) {
        end(id);
        session = fresh(tab.generation);
        sessions.set(id, session);
      }
      for (const data of session.output) view.write(data);
      session.views.add(view);
      const size = view.size();
      if (!session.handle && tab.phase === 'opening') start(client, id, session, size);
      else session.handle?.resize(size.cols, size.rows);
      const attached = session;
      return () => attached.views.delete(view);
    },
    input(id, data) {
      const session = sessions.get(id);
      if (!session?.handle) return;
      track(id, session, afterInput(session.activity, data));
      session.handle.input(data);
    },
    resize(id, cols, rows) {
      sessions.get(id)?.handle?.resize(cols, rows);
    },
    restart(id) {
      // The next attach (the terminal, keyed by generation, is made anew) opens the new session.
      end(id);
      read().dispatch({ type: 'tab-restarted', id });
    },
    close,
    requestClose(id) {
      const tab = tabOf(id);
      if (tab && closeNeedsConfirm(tab)) read().dispatch({ type: 'close-asked', id });
      else close(id);
    },
    connectionLost(refused = false) {
      const live = read().state.tabs.filter((tab) => tab.phase === 'opening' || tab.phase === 'open');
      if (live.length === 0) return;
      read().dispatch({ type: 'connection-lost', refused });
      const ended = read().state.tabs;
      for (const tab of live) {
        const session = sessions.get(tab.id);
        if (!session) continue;
        // Stop listening; the core has already ended it (closing is harmless if it has not).
        void session.handle?.close();
        session.handle = null;
        const exit = ended.find((each) => each.id === tab.id)?.exit;
        if (exit) keep(session, exitLine(exit));
      }
    },
  };
}

/**
 * The page's tabs lose their sessions when the connection drops or the server refuses this page
 * (the core ends a page's sessions when its socket goes); the tabs then say so instead of looking
 * connected. Only browser mode has a connection to lose.
 */
export function connectShellTabs(tabs: ShellTabs, connection: ConnectionMonitor | null): StoreConnection {
  const off = connection?.onChange((state) => {
    if (state === 'reconnecting' || state === 'refused') tabs.connectionLost(state === 'refused');
  });
  return {
    refresh: async () => tabs.connectionLost(),
    disconnect: () => off?.(),
  };
}

/** The app's shell tabs, over the app's shells store. */
export const shellTabs = createShellTabs(shellsStore);
