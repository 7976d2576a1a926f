// A read-only xterm.js pane for one step's log, on the shared XtermView (which creates, fits,
// themes and disposes the terminal). Only lines it has not written yet are appended; lines
// that fell out of the capped log before the pane saw them are mentioned, not invented.

import type { Terminal } from '@xterm/xterm';
import { useEffect, useRef } from 'react';
import { unwrittenLines, type StepLog } from '../model/step-logs';
import { XtermView, type XtermOptions } from './logs/XtermView';

const OPTIONS: XtermOptions = { interactive: false, scrollback: 5_000, fontSize: 12 };
const MIN_ROWS = 4;
const MAX_ROWS = 16;
/** About one row at fontSize 12 × lineHeight 1.2 as xterm lays it out (a little over, so no line hides); and the frame's padding. */
const ROW_PX = 17;
const FRAME_PADDING_PX = 18;

function toTerminalText(lines: readonly string[]): string {
  // xterm moves down on \n without returning to the start of the line: send \r\n.
  return lines.map((line) => line.replace(/\r?\n/g, '\r\n')).join('\r\n') + '\r\n';
}

/** Writes what the terminal has not shown yet; returns the new count of lines written. */
function appendUnwritten(term: Terminal, log: StepLog | undefined, written: number): number {
  const next = unwrittenLines(log, written);
  if (next.skipped > 0) term.write(`\x1b[2m… ${next.skipped} earlier line${next.skipped === 1 ? '' : 's'} not kept\x1b[0m\r\n`);
  if (next.lines.length > 0) term.write(toTerminalText(next.lines));
  return next.written;
}

export function TerminalPane({ log, label, testId }: { log: StepLog | undefined; label: string; testId: string }) {
  const terminal = useRef<Terminal | null>(null);
  const written = useRef(0);

  // The view's effect (a child's) runs before this pane's, so the terminal exists when the log is first written.
  useEffect(() => {
    if (terminal.current) written.current = appendUnwritten(terminal.current, log, written.current);
  }, [log]);

  // Grows with the log up to a cap, so a short log does not sit in a tall empty box.
  const rows = Math.max(MIN_ROWS, Math.min(MAX_ROWS, (log?.total ?? 0) + 1));
  return (
    <div className="terminal-frame" data-testid={testId} role="region" aria-label={label} style={{ height: `${rows * ROW_PX + FRAME_PADDING_PX}px` }}>
      <XtermView
        className="terminal-host"
        options={OPTIONS}
        onReady={(handle) => {
          terminal.current = handle.terminal;
          written.current = 0;
          return () => {
            terminal.current = null;
          };
        }}
      />
    </div>
  );
}
