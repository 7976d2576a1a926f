// Find in the log: the query, xterm's search addon driven by it (matches highlighted, the
// current one kept while typing), and the "2 of 7" count it reports. A new stream remounts the
// toolbar, so a search never outlives the lines it was made for.

import { useEffect, useState } from 'react';
import type { XtermHandle } from './XtermView';

export type SearchDirection = 'next' | 'previous';

export interface LogSearch {
  query: string;
  /** What the count says: empty, "No matches", "2 of 7" or "7+ matches". */
  resultText: string;
  changeQuery(next: string): void;
  find(direction: SearchDirection): void;
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

function describeResults(results: { index: number; count: number } | null, query: string): string {
  if (results === null || query === '') return '';
  if (results.count === 0) return 'No matches';
  return results.index >= 0 ? `${results.index + 1} of ${results.count}` : `${results.count}+ matches`;
}

export function useLogSearch(xterm: XtermHandle | null): LogSearch {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<{ index: number; count: number } | null>(null);

  useEffect(() => {
    if (!xterm) return;
    const subscription = xterm.search.onDidChangeResults((event) => setResults({ index: event.resultIndex, count: event.resultCount }));
    return () => subscription.dispose();
  }, [xterm]);

  function find(direction: SearchDirection): void {
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

  return { query, resultText: describeResults(results, query), changeQuery, find };
}
