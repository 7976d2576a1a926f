// The shown shell tab, in the same xterm component as the logs. The terminal attaches to the
// tab's session (state/shell-tabs.ts): it starts with what the tab showed so far, keystrokes and
// size changes go to the session, and unmounting only detaches — the session lives on until its
// tab is closed. "Start again" opens a new session in the same tab after one ended.

import { useCore } from '../../client-context';
import { shellTabs } from '../../state/shell-tabs';
import type { ShellTab } from '../../state/shells-store';
import { ErrorNotice } from '../ErrorNotice';
import { Icon } from '../Icon';
import { XtermView, type XtermHandle } from './XtermView';

const STATE_WORDS: Record<ShellTab['phase'], string> = { opening: 'Connecting…', open: 'Connected', ended: 'Ended', failed: 'Could not open' };

function ShellTerminal({ tab, fontSize }: { tab: ShellTab; fontSize: number }) {
  const { client } = useCore();
  // XtermView calls this once, when its terminal exists; the terminal is keyed per tab and session.
  function onReady(handle: XtermHandle) {
    const { terminal } = handle;
    // Fit first: a new shell starts at the size it will be shown at.
    handle.fit();
    const over = tab.phase === 'ended' || tab.phase === 'failed';
    if (over) {
      terminal.options.disableStdin = true;
      terminal.options.cursorBlink = false;
    }
    const detach = shellTabs.attach(client, tab.id, { write: (data) => terminal.write(data), size: () => ({ cols: terminal.cols, rows: terminal.rows }) });
    const input = terminal.onData((data) => shellTabs.input(tab.id, data));
    const resize = terminal.onResize(({ cols, rows }) => shellTabs.resize(tab.id, cols, rows));
    if (!over) terminal.focus();
    return () => {
      input.dispose();
      resize.dispose();
      detach();
    };
  }
  return (
    <XtermView
      className="log-terminal"
      data-testid="shell-terminal"
      aria-label={`Shell in ${tab.pod}/${tab.container}`}
      options={{ interactive: true, scrollback: 5_000, fontSize }}
      onReady={onReady}
    />
  );
}

export function ShellPane({ tab, fontSize }: { tab: ShellTab; fontSize: number }) {
  const over = tab.phase === 'ended' || tab.phase === 'failed';
  return (
    <section className="log-pane" aria-label={`Shell in ${tab.pod}/${tab.container}`} data-testid="shell-pane" data-tab-id={tab.id} data-phase={tab.phase}>
      <div className="log-toolbar">
        <span className="shell-title">
          <Icon name="logs" size={14} />
          <strong>{tab.pod}</strong>
          <span className="shell-container">/ {tab.container}</span>
          {tab.command ? <code className="shell-command">{tab.command}</code> : null}
          <span className="shell-state">{STATE_WORDS[tab.phase]}</span>
        </span>
        <span className="log-toolbar-spacer" />
        {over ? (
          <button type="button" className="log-tool" onClick={() => shellTabs.restart(tab.id)} data-testid="shell-restart">
            <Icon name="refresh" size={13} />
            Start again
          </button>
        ) : null}
        <button type="button" className="log-tool" onClick={() => shellTabs.requestClose(tab.id)} data-testid="shell-close">
          <Icon name="stop" size={13} />
          Close shell
        </button>
      </div>
      {tab.phase === 'failed' && tab.error ? <ErrorNotice error={tab.error} /> : null}
      <div className="log-terminal-frame">
        {/* A new terminal for each session ("Start again" bumps the generation); the phase only once it ends, so input is turned off. */}
        <ShellTerminal key={`${tab.id}:${tab.generation}:${over ? 'over' : 'live'}`} tab={tab} fontSize={fontSize} />
      </div>
    </section>
  );
}
