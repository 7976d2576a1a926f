// The log terminal with its toolbar and status line. It opens the stream for the current
// choices (again whenever they change), writes each batch once into xterm and lets the stream
// acknowledge it after the write, pauses when the user scrolls up (or presses Pause) and
// catches up on "Jump to live". xterm's scrollback is the only copy of the lines: search,
// copy and download read from it.

import { useCallback, useEffect, useRef, useState } from 'react';
import { useCore } from '../../client-context';
import { bufferText, downloadFileName } from '../../model/log-download';
import { openLogStream, type LogStreamHandle } from '../../state/log-stream';
import { logRequest, logsStore, streamKey, useLogsState } from '../../state/logs-store';
import { ErrorNotice } from '../ErrorNotice';
import { Icon } from '../Icon';
import { LogStatusLine } from './LogStatusLine';
import { LogToolbar } from './LogToolbar';
import { XtermView, type XtermHandle } from './XtermView';

/**
 * One batch acknowledged per 50 ms at most: at 50,000 lines/s, writing as fast as xterm parses
 * keeps the main thread busy all the time (tasks over 100 ms, input late by 30 ms on a headless
 * Chromium); paced, the page writes about 20 batches a second, stays responsive, and the core
 * counts what it drops.
 */
const ACK_INTERVAL_MS = 50;

function dispatch(action: Parameters<ReturnType<typeof logsStore.getState>['dispatch']>[0]): void {
  logsStore.getState().dispatch(action);
}

/** Keeps the viewer's pause state in step with where the user scrolled. */
function followScroll(handle: XtermHandle): void {
  const buffer = handle.terminal.buffer.active;
  const atBottom = buffer.viewportY >= buffer.baseY;
  const paused = logsStore.getState().state.paused;
  if (!atBottom && paused === null) dispatch({ type: 'paused', reason: 'scroll' });
  else if (atBottom && paused === 'scroll') dispatch({ type: 'resumed' });
}

export function LogPane({ hidden }: { hidden: boolean }) {
  const { client } = useCore();
  const [xterm, setXterm] = useState<XtermHandle | null>(null);
  const stream = useRef<LogStreamHandle | null>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const key = useLogsState(streamKey);
  const settings = useLogsState((state) => state.settings);
  const paused = useLogsState((state) => state.paused);
  const streamView = useLogsState((state) => state.stream);
  const [hasSelection, setHasSelection] = useState(false);

  const onReady = useCallback((handle: XtermHandle) => {
    setXterm(handle);
    const scroll = handle.terminal.onScroll(() => followScroll(handle));
    const selection = handle.terminal.onSelectionChange(() => setHasSelection(handle.terminal.hasSelection()));
    handle.terminal.attachCustomKeyEventHandler((event) => {
      // Ctrl/Cmd+F finds in the log rather than in the page.
      if (event.type === 'keydown' && (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        searchInput.current?.focus();
        return false;
      }
      return true;
    });
    return () => {
      scroll.dispose();
      selection.dispose();
      setXterm(null);
    };
  }, []);

  // One stream per set of choices: a new key (or a new terminal) closes the old stream and opens the next.
  useEffect(() => {
    const request = logRequest(logsStore.getState().state);
    if (!xterm || !key || !request) return;
    const { terminal } = xterm;
    terminal.reset();
    xterm.search.clearDecorations();
    dispatch({ type: 'stream-opening' });
    const { settings: view } = logsStore.getState().state;
    const handle = openLogStream(
      client,
      request,
      { write: (text, done) => terminal.write(text, done), columns: () => terminal.cols },
      { highlight: view.highlight, timestamps: view.timestamps, wrap: view.wrap, holdLines: view.scrollback },
      {
        opened: (info) => dispatch({ type: 'stream-opened', streamId: info.streamId, sources: info.sources.length }),
        written: (progress) => dispatch({ type: 'batch-written', ...progress }),
        held: (lines) => dispatch({ type: 'held', lines }),
        ended: (ended) => dispatch({ type: 'stream-ended', ended }),
        failed: (error) => dispatch({ type: 'stream-failed', error }),
      },
      { minAckIntervalMs: ACK_INTERVAL_MS },
    );
    stream.current = handle;
    return () => {
      stream.current = null;
      void handle.close();
    };
  }, [client, key, xterm]);

  useEffect(() => {
    stream.current?.setView({ highlight: settings.highlight, timestamps: settings.timestamps, wrap: settings.wrap, holdLines: settings.scrollback });
  }, [settings.highlight, settings.timestamps, settings.wrap, settings.scrollback, key]);

  useEffect(() => {
    if (!stream.current) return;
    if (paused) {
      stream.current.pause();
    } else {
      stream.current.resume();
      xterm?.terminal.scrollToBottom();
    }
  }, [paused, xterm, key]);

  function download(): void {
    if (!xterm) return;
    const buffer = xterm.terminal.buffer.active;
    const text = bufferText(buffer.length, (index) => {
      const line = buffer.getLine(index);
      return line ? { text: line.translateToString(false), isWrapped: line.isWrapped } : undefined;
    });
    const { namespace, target, container } = logsStore.getState().state;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = downloadFileName({ namespace: namespace ?? '', target: target ?? 'logs', container }, new Date());
    document.body.append(link);
    link.click();
    link.remove();
    // The click has handed the blob to the download; the URL is not needed after this task.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  const failed = streamView.phase === 'failed' && streamView.error;
  return (
    <section className="log-pane" hidden={hidden} aria-label="Log">
      <LogToolbar
        // A new stream starts a new search: matches and counts of the old one mean nothing.
        key={key ?? 'none'}
        xterm={xterm}
        searchInput={searchInput}
        hasSelection={hasSelection}
        onDownload={download}
        onClear={() => {
          xterm?.terminal.clear();
          xterm?.search.clearDecorations();
        }}
      />
      {failed ? (
        <ErrorNotice
          error={streamView.error}
          action={
            <button type="button" className="button button-secondary" onClick={() => dispatch({ type: 'reopen' })} data-testid="logs-reopen">
              <Icon name="refresh" size={16} />
              Try again
            </button>
          }
        />
      ) : null}
      <div className="log-terminal-frame">
        <XtermView
          className="log-terminal"
          role="log"
          aria-label="Log lines"
          data-testid="logs-terminal"
          data-lines={streamView.lines}
          data-phase={streamView.phase}
          options={{ interactive: false, scrollback: settings.scrollback, fontSize: settings.fontSize, minimumContrastRatio: 3 }}
          onReady={onReady}
        />
        {paused ? (
          <button type="button" className="jump-live" onClick={() => dispatch({ type: 'resumed' })} data-testid="logs-jump-live">
            <span aria-hidden="true">↓</span> Jump to live
            {streamView.held > 0 ? <span className="jump-live-count"> · {streamView.held.toLocaleString('en-US')} new</span> : null}
          </button>
        ) : null}
      </div>
      <LogStatusLine />
    </section>
  );
}
