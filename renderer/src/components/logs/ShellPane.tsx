// A shell in a container, in the same xterm component as the logs: the session opens at the
// terminal's fitted size, keystrokes go to the core, size changes are passed on, and the
// session is closed on the core's side when the pane closes or goes away.

import { useState } from 'react';
import type { AppErrorInfo, ShellOutputInfo, ShellSessionInfo } from '../../../../core/contract';
import { useCore } from '../../client-context';
import { openShellSession } from '../../state/shell-session';
import { dispatchLogs, useLogsState, type ShellTarget } from '../../state/logs-store';
import { ErrorNotice } from '../ErrorNotice';
import { Icon } from '../Icon';
import { XtermView, type XtermHandle } from './XtermView';

type ShellPhase = { kind: 'opening' } | { kind: 'open'; session: ShellSessionInfo } | { kind: 'exited'; exit: NonNullable<ShellOutputInfo['exit']> } | { kind: 'failed'; error: AppErrorInfo };

function exitLine(exit: NonNullable<ShellOutputInfo['exit']>): string {
  const what = exit.message ? `connection lost: ${exit.message}` : exit.code === null ? 'shell ended' : `shell exited with code ${exit.code}`;
  return `\r\n\x1b[2m── ${what} ──\x1b[0m\r\n`;
}

function ShellTerminal({ namespace, target, fontSize, onPhase }: { namespace: string | null; target: ShellTarget; fontSize: number; onPhase: (phase: ShellPhase) => void }) {
  const { client } = useCore();
  // XtermView calls this once, when its terminal exists; the pane is keyed per session.
  function onReady(handle: XtermHandle) {
    const { terminal } = handle;
    // Fit first: the shell starts at the size it will be shown at.
    handle.fit();
    const session = openShellSession(
      client,
      { ...(namespace === null ? {} : { namespace }), pod: target.pod, container: target.container, cols: terminal.cols, rows: terminal.rows },
      {
        opened: (info) => {
          onPhase({ kind: 'open', session: info });
          terminal.focus();
        },
        output: (data) => terminal.write(data),
        exited: (exit) => {
          terminal.write(exitLine(exit));
          terminal.options.disableStdin = true;
          terminal.options.cursorBlink = false;
          onPhase({ kind: 'exited', exit });
        },
        failed: (error) => onPhase({ kind: 'failed', error }),
      },
    );
    const input = terminal.onData((data) => session.input(data));
    const resize = terminal.onResize(({ cols, rows }) => session.resize(cols, rows));
    return () => {
      input.dispose();
      resize.dispose();
      void session.close();
    };
  }
  return (
    <XtermView
      className="log-terminal"
      data-testid="shell-terminal"
      aria-label={`Shell in ${target.pod}/${target.container}`}
      options={{ interactive: true, scrollback: 5_000, fontSize }}
      onReady={onReady}
    />
  );
}

export function ShellPane({ hidden }: { hidden: boolean }) {
  const shell = useLogsState((state) => state.shell);
  const fontSize = useLogsState((state) => state.settings.fontSize);
  const [phase, setPhase] = useState<{ generation: number; phase: ShellPhase }>({ generation: 0, phase: { kind: 'opening' } });
  if (!shell) return null;
  const current = phase.generation === shell.generation ? phase.phase : { kind: 'opening' as const };
  const restart = () => dispatchLogs({ type: 'shell-opened', shell: { pod: shell.pod, container: shell.container } });
  return (
    <section className="log-pane" hidden={hidden} aria-label="Shell" data-testid="shell-pane" data-phase={current.kind}>
      <div className="log-toolbar">
        <span className="shell-title">
          <Icon name="logs" size={14} />
          <strong>{shell.pod}</strong>
          <span className="shell-container">/ {shell.container}</span>
          {current.kind === 'open' ? <code className="shell-command">{current.session.command}</code> : null}
          <span className="shell-state">{current.kind === 'opening' ? 'Connecting…' : current.kind === 'exited' ? 'Ended' : current.kind === 'failed' ? 'Could not open' : 'Connected'}</span>
        </span>
        <span className="log-toolbar-spacer" />
        {current.kind === 'exited' || current.kind === 'failed' ? (
          <button type="button" className="log-tool" onClick={restart} data-testid="shell-restart">
            <Icon name="refresh" size={13} />
            Start again
          </button>
        ) : null}
        <button type="button" className="log-tool" onClick={() => dispatchLogs({ type: 'shell-closed' })} data-testid="shell-close">
          <Icon name="stop" size={13} />
          Close shell
        </button>
      </div>
      {current.kind === 'failed' ? <ErrorNotice error={current.error} /> : null}
      <div className="log-terminal-frame">
        <ShellTerminal
          key={`${shell.generation}:${shell.pod}/${shell.container}`}
          namespace={shell.namespace}
          target={shell}
          fontSize={fontSize}
          onPhase={(next) => setPhase({ generation: shell.generation, phase: next })}
        />
      </div>
    </section>
  );
}
