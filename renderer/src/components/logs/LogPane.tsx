// The log terminal with its toolbar and status line. It opens the stream for the current
// choices (again whenever they change), writes each batch once into xterm and lets the stream
// acknowledge it after the write, pauses when the user scrolls up (or presses Pause) and
// catches up on "Jump to live". xterm's scrollback is the only copy of the lines: search,
// copy and download read from it.

import { useRef } from 'react';
import { useCore } from '../../client-context';
import { dispatchLogs, useLogsState } from '../../state/logs-store';
import { ErrorNotice } from '../ErrorNotice';
import { Icon } from '../Icon';
import { downloadTerminal } from './download-terminal';
import { LogStatusLine } from './LogStatusLine';
import { LogToolbar } from './LogToolbar';
import { useLogStream } from './use-log-stream';
import { useLogTerminal } from './use-log-terminal';
import { XtermView } from './XtermView';

export function LogPane({ hidden }: { hidden: boolean }) {
  const { client } = useCore();
  const searchInput = useRef<HTMLInputElement>(null);
  const { xterm, hasSelection, onReady } = useLogTerminal(searchInput);
  const key = useLogStream(client, xterm);
  const settings = useLogsState((state) => state.settings);
  const paused = useLogsState((state) => state.paused);
  const streamView = useLogsState((state) => state.stream);

  const failed = streamView.phase === 'failed' && streamView.error;
  return (
    <section className="log-pane" hidden={hidden} aria-label="Log">
      <LogToolbar
        // A new stream starts a new search: matches and counts of the old one mean nothing.
        key={key ?? 'none'}
        xterm={xterm}
        searchInput={searchInput}
        hasSelection={hasSelection}
        onDownload={() => xterm && downloadTerminal(xterm)}
        onClear={() => {
          xterm?.terminal.clear();
          xterm?.search.clearDecorations();
        }}
      />
      {failed ? (
        <ErrorNotice
          error={streamView.error}
          action={
            <button type="button" className="button button-secondary" onClick={() => dispatchLogs({ type: 'reopen' })} data-testid="logs-reopen">
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
          <button type="button" className="jump-live" onClick={() => dispatchLogs({ type: 'resumed' })} data-testid="logs-jump-live">
            <span aria-hidden="true">↓</span> Jump to live
            {streamView.held > 0 ? <span className="jump-live-count"> · {streamView.held.toLocaleString('en-US')} new</span> : null}
          </button>
        ) : null}
      </div>
      <LogStatusLine />
    </section>
  );
}
