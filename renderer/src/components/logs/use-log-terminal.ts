// The log terminal's wiring once xterm is ready: scrolling up pauses (back at the bottom
// follows again), the selection is tracked for Copy, and Ctrl/Cmd+F goes to the find box.

import { useCallback, useState, type RefObject } from 'react';
import { dispatchLogs, logsStore } from '../../state/logs-store';
import type { XtermHandle } from './XtermView';

export interface LogTerminal {
  /** The terminal, once XtermView has made it. */
  xterm: XtermHandle | null;
  hasSelection: boolean;
  /** XtermView's `onReady`. */
  onReady(handle: XtermHandle): () => void;
}

/** Keeps the viewer's pause state in step with where the user scrolled. */
function followScroll(handle: XtermHandle): void {
  const buffer = handle.terminal.buffer.active;
  const atBottom = buffer.viewportY >= buffer.baseY;
  const paused = logsStore.getState().state.paused;
  if (!atBottom && paused === null) dispatchLogs({ type: 'paused', reason: 'scroll' });
  else if (atBottom && paused === 'scroll') dispatchLogs({ type: 'resumed' });
}

export function useLogTerminal(searchInput: RefObject<HTMLInputElement | null>): LogTerminal {
  const [xterm, setXterm] = useState<XtermHandle | null>(null);
  const [hasSelection, setHasSelection] = useState(false);

  const onReady = useCallback(
    (handle: XtermHandle) => {
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
    },
    [searchInput],
  );

  return { xterm, hasSelection, onReady };
}
