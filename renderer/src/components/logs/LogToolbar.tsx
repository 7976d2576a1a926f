// The log terminal's toolbar: follow/pause, find with next/previous (xterm's search addon,
// matches highlighted and counted), copy the selection, clear, download, wrap, access-log
// highlighting and font size. Settings changes are remembered by the store.

import { useEffect, useState, type RefObject } from 'react';
import { stepFontSize } from '../../model/log-settings';
import { logsStore, useLogsState } from '../../state/logs-store';
import { Icon } from '../Icon';
import type { XtermHandle } from './XtermView';

function dispatch(action: Parameters<ReturnType<typeof logsStore.getState>['dispatch']>[0]): void {
  logsStore.getState().dispatch(action);
}

/** Match colours must be #RRGGBB; they differ per scheme so a match reads on either background. */
function searchOptions() {
  const light = window.matchMedia('(prefers-color-scheme: light)').matches;
  return {
    decorations: light
      ? { matchBackground: '#ffe58f', activeMatchBackground: '#ffb224', matchOverviewRuler: '#d89b00', activeMatchColorOverviewRuler: '#b36b00' }
      : { matchBackground: '#5c4a12', activeMatchBackground: '#b8860b', matchOverviewRuler: '#e8b339', activeMatchColorOverviewRuler: '#ffd166' },
  };
}

export function LogToolbar({
  xterm,
  searchInput,
  hasSelection,
  onDownload,
  onClear,
}: {
  xterm: XtermHandle | null;
  searchInput: RefObject<HTMLInputElement | null>;
  hasSelection: boolean;
  onDownload: () => void;
  onClear: () => void;
}) {
  const paused = useLogsState((state) => state.paused);
  // Following means something only while lines can come (or wait, held, behind a pause).
  const canFollow = useLogsState((state) => state.stream.phase === 'open' || state.stream.phase === 'opening' || state.paused !== null);
  const settings = useLogsState((state) => state.settings);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<{ index: number; count: number } | null>(null);
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (!xterm) return;
    const subscription = xterm.search.onDidChangeResults((event) => setResults({ index: event.resultIndex, count: event.resultCount }));
    return () => subscription.dispose();
  }, [xterm]);

  useEffect(() => {
    if (copied === 'idle') return;
    const timer = window.setTimeout(() => setCopied('idle'), 1600);
    return () => window.clearTimeout(timer);
  }, [copied]);

  function find(direction: 'next' | 'previous'): void {
    if (!xterm || query === '') return;
    if (direction === 'next') xterm.search.findNext(query, searchOptions());
    else xterm.search.findPrevious(query, searchOptions());
  }

  function changeQuery(next: string): void {
    setQuery(next);
    if (!xterm) return;
    if (next === '') {
      xterm.search.clearDecorations();
      setResults(null);
      return;
    }
    // Typing keeps the current match while it still matches (incremental) instead of jumping on.
    xterm.search.findNext(next, { ...searchOptions(), incremental: true });
  }

  async function copy(): Promise<void> {
    const text = xterm?.terminal.getSelection() ?? '';
    if (text === '') return;
    try {
      await navigator.clipboard.writeText(text);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  }

  const following = paused === null;
  const resultText = results === null || query === '' ? '' : results.count === 0 ? 'No matches' : results.index >= 0 ? `${results.index + 1} of ${results.count}` : `${results.count}+ matches`;
  return (
    <div className="log-toolbar" role="toolbar" aria-label="Log tools">
      <button
        type="button"
        className={`log-tool log-follow${following ? '' : ' log-follow-paused'}`}
        onClick={() => dispatch(following ? { type: 'paused', reason: 'user' } : { type: 'resumed' })}
        disabled={!canFollow}
        data-testid="logs-follow"
        data-state={following ? 'following' : 'paused'}
        aria-pressed={!following}
        title={following ? 'Stop writing new lines (scrolling up does this too)' : 'Write the lines that came meanwhile and follow again'}
      >
        <Icon name={following ? 'stop' : 'play'} size={13} />
        {following ? 'Pause' : 'Follow'}
      </button>

      <div className="log-search" role="search">
        <input
          ref={searchInput}
          className="input log-search-input"
          type="search"
          placeholder="Find in log"
          aria-label="Find in log"
          value={query}
          onChange={(event) => changeQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              find(event.shiftKey ? 'previous' : 'next');
            } else if (event.key === 'Escape') {
              changeQuery('');
            }
          }}
          data-testid="logs-search"
        />
        <button type="button" className="log-tool log-tool-icon" onClick={() => find('previous')} disabled={query === ''} aria-label="Previous match (Shift+Enter)" title="Previous match (Shift+Enter)" data-testid="logs-search-previous">
          <span aria-hidden="true">↑</span>
        </button>
        <button type="button" className="log-tool log-tool-icon" onClick={() => find('next')} disabled={query === ''} aria-label="Next match (Enter)" title="Next match (Enter)" data-testid="logs-search-next">
          <span aria-hidden="true">↓</span>
        </button>
        <span className="log-search-count" role="status" data-testid="logs-search-count">
          {resultText}
        </span>
      </div>

      <span className="log-toolbar-spacer" />

      <button type="button" className="log-tool" onClick={() => void copy()} disabled={!hasSelection} title="Copy the selected text" data-testid="logs-copy">
        <Icon name={copied === 'copied' ? 'check' : 'copy'} size={13} />
        {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Copy failed' : 'Copy'}
      </button>
      <button type="button" className="log-tool" onClick={onClear} title="Clear the terminal (the stream goes on)" data-testid="logs-clear">
        <Icon name="trash" size={13} />
        Clear
      </button>
      <button type="button" className="log-tool" onClick={onDownload} title="Save what the terminal holds as a text file" data-testid="logs-download">
        <span aria-hidden="true">⤓</span>
        Download
      </button>

      <span className="log-toolbar-divider" aria-hidden="true" />

      <label className="log-toggle" title="Off: long lines are cut at the terminal's width (…) as they arrive">
        <input type="checkbox" checked={settings.wrap} onChange={(event) => dispatch({ type: 'settings-changed', settings: { wrap: event.target.checked } })} data-testid="logs-wrap" />
        Wrap
      </label>
      <label className="log-toggle" title="Colour the status code and duration of istio-proxy access-log lines">
        <input
          type="checkbox"
          checked={settings.highlight}
          onChange={(event) => dispatch({ type: 'settings-changed', settings: { highlight: event.target.checked } })}
          data-testid="logs-highlight"
        />
        Highlight
      </label>

      <span className="log-font" role="group" aria-label="Font size">
        <button
          type="button"
          className="log-tool log-tool-icon"
          onClick={() => dispatch({ type: 'settings-changed', settings: { fontSize: stepFontSize(settings.fontSize, -1) } })}
          aria-label="Smaller text"
          title="Smaller text"
          data-testid="logs-font-smaller"
        >
          A−
        </button>
        <span className="log-font-size" aria-live="polite">
          {settings.fontSize}
        </span>
        <button
          type="button"
          className="log-tool log-tool-icon"
          onClick={() => dispatch({ type: 'settings-changed', settings: { fontSize: stepFontSize(settings.fontSize, 1) } })}
          aria-label="Larger text"
          title="Larger text"
          data-testid="logs-font-larger"
        >
          A+
        </button>
      </span>
    </div>
  );
}
