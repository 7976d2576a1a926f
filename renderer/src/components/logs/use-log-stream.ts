// The log stream behind the terminal: one per set of choices (a new stream key, or a new
// terminal, closes the old stream and opens the next), its events turned into logs-store
// actions, and the viewer's settings and pause state handed on to it as they change.

import { useEffect, useRef } from 'react';
import type { Client } from '../../../../core/contract';
import type { LogSettings } from '../../model/log-settings';
import { openLogStream, type LogStreamHandle, type LogView } from '../../state/log-stream';
import { dispatchLogs, logRequest, logsStore, streamKey, useLogsState } from '../../state/logs-store';
import type { XtermHandle } from './XtermView';

/**
 * One batch acknowledged per 50 ms at most: at 50,000 lines/s, writing as fast as xterm parses
 * keeps the main thread busy all the time (tasks over 100 ms, input late by 30 ms on a headless
 * Chromium); paced, the page writes about 20 batches a second, stays responsive, and the core
 * counts what it drops.
 */
const ACK_INTERVAL_MS = 50;

function viewOf(settings: LogSettings): LogView {
  return { highlight: settings.highlight, timestamps: settings.timestamps, wrap: settings.wrap, holdLines: settings.scrollback };
}

function openInto(client: Pick<Client, 'call' | 'on'>, xterm: XtermHandle): LogStreamHandle | null {
  const { state } = logsStore.getState();
  const request = logRequest(state);
  if (!request) return null;
  const { terminal } = xterm;
  terminal.reset();
  xterm.search.clearDecorations();
  dispatchLogs({ type: 'stream-opening' });
  return openLogStream(
    client,
    request,
    { write: (text, done) => terminal.write(text, done), columns: () => terminal.cols },
    viewOf(state.settings),
    {
      opened: (info) => dispatchLogs({ type: 'stream-opened', streamId: info.streamId, sources: info.sources.length }),
      written: (progress) => dispatchLogs({ type: 'batch-written', ...progress }),
      held: (lines) => dispatchLogs({ type: 'held', lines }),
      ended: (ended) => dispatchLogs({ type: 'stream-ended', ended }),
      failed: (error) => dispatchLogs({ type: 'stream-failed', error }),
    },
    { minAckIntervalMs: ACK_INTERVAL_MS },
  );
}

/** Runs the stream for the current choices into `xterm`; returns the stream key it follows. */
export function useLogStream(client: Pick<Client, 'call' | 'on'>, xterm: XtermHandle | null): string | null {
  const stream = useRef<LogStreamHandle | null>(null);
  const key = useLogsState(streamKey);
  const settings = useLogsState((state) => state.settings);
  const paused = useLogsState((state) => state.paused);

  useEffect(() => {
    if (!xterm || !key) return;
    const handle = openInto(client, xterm);
    if (!handle) return;
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

  return key;
}
