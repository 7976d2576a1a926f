// A read-only xterm.js pane for one step's log. The terminal is created once per pane, fitted
// to its box (and refitted when the box changes size), themed from the app's colours, and
// disposed on unmount. Only lines it has not written yet are appended; lines that fell out of
// the capped log before the pane saw them are mentioned, not invented.

import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'react';
import { unwrittenLines, type StepLog } from '../model/step-logs';

const SCROLLBACK = 5_000;
const MIN_ROWS = 4;
const MAX_ROWS = 16;
/** About one row at fontSize 12 × lineHeight 1.2 as xterm lays it out (a little over, so no line hides); and the frame's padding. */
const ROW_PX = 17;
const FRAME_PADDING_PX = 18;

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

function themeFromPage(): ITheme {
  const style = getComputedStyle(document.documentElement);
  return {
    background: cssVar(style, '--term-bg', '#101216'),
    foreground: cssVar(style, '--term-fg', '#d5d9e0'),
    cursor: cssVar(style, '--term-bg', '#101216'),
    selectionBackground: cssVar(style, '--term-selection', 'rgba(91, 156, 255, 0.35)'),
    black: cssVar(style, '--term-black', '#3a404c'),
    brightBlack: cssVar(style, '--term-dim', '#6f7786'),
    red: cssVar(style, '--fail', '#f2665e'),
    green: cssVar(style, '--ok', '#48c774'),
    yellow: cssVar(style, '--warn', '#e8b339'),
    blue: cssVar(style, '--accent', '#5b9cff'),
  };
}

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
  const host = useRef<HTMLDivElement>(null);
  const terminal = useRef<Terminal | null>(null);
  const written = useRef(0);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const style = getComputedStyle(document.documentElement);
    const term = new Terminal({
      disableStdin: true,
      cursorBlink: false,
      cursorStyle: 'bar',
      cursorInactiveStyle: 'none',
      scrollback: SCROLLBACK,
      fontFamily: cssVar(style, '--font-mono', 'monospace'),
      fontSize: 12,
      lineHeight: 1.2,
      theme: themeFromPage(),
      allowProposedApi: false,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(element);
    terminal.current = term;
    written.current = 0;

    let frame = 0;
    const refit = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        // A pane that is hidden or not laid out yet has no size to fit to.
        if (element.clientWidth > 0 && element.clientHeight > 0) fit.fit();
      });
    };
    refit();
    const observer = new ResizeObserver(refit);
    observer.observe(element);

    const scheme = window.matchMedia('(prefers-color-scheme: light)');
    const retheme = () => {
      term.options.theme = themeFromPage();
    };
    scheme.addEventListener('change', retheme);

    return () => {
      scheme.removeEventListener('change', retheme);
      observer.disconnect();
      cancelAnimationFrame(frame);
      terminal.current = null;
      term.dispose();
    };
  }, []);

  // Declared after the effect that creates the terminal, so it runs after it on mount too.
  useEffect(() => {
    if (terminal.current) written.current = appendUnwritten(terminal.current, log, written.current);
  }, [log]);

  // Grows with the log up to a cap, so a short log does not sit in a tall empty box.
  const rows = Math.max(MIN_ROWS, Math.min(MAX_ROWS, (log?.total ?? 0) + 1));
  return (
    <div className="terminal-frame" data-testid={testId} role="region" aria-label={label} style={{ height: `${rows * ROW_PX + FRAME_PADDING_PX}px` }}>
      <div className="terminal-host" ref={host} />
    </div>
  );
}
