// The toolbar's find box: Enter finds the next match, Shift+Enter the previous one, Escape
// clears; the arrows do the same by pointer and the count says where the current match is.

import type { RefObject } from 'react';
import { useLogSearch } from './use-log-search';
import type { XtermHandle } from './XtermView';

export function LogSearchBox({ xterm, searchInput }: { xterm: XtermHandle | null; searchInput: RefObject<HTMLInputElement | null> }) {
  const { query, resultText, changeQuery, find } = useLogSearch(xterm);
  return (
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
  );
}
