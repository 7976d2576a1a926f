// Back, forward and reload for a dashboard pane, one shape for both faces. In the desktop app the
// pane is a WebContentsView in main, which keeps its own history. In a browser the pane is a
// cross-origin frame: its navigations are entries of the tab's joint history, so back/forward are
// the page's history, offered only as far as this frame's own navigations go; reload loads the
// view again in a fresh frame (a new frame adds no history entry).

import { useCallback, useState } from 'react';
import type { Client, DashboardName, DashboardNavigation } from '../../../../core/contract';
import { freshFrameHistory, afterFrameLoad, type FrameHistory } from '../../model/dashboard-frame-history';
import { toErrorInfo } from '../../model/error-text';
import { dashboardsStore } from '../../state/dashboards-store';

export interface PaneNavigation {
  canGoBack: boolean;
  canGoForward: boolean;
  back(): void;
  forward(): void;
  reload(): void;
}

export function useFrameNavigation(url: string): PaneNavigation & { frameKey: number; onLoad(): void } {
  const [history, setHistory] = useState<FrameHistory>(() => freshFrameHistory(url, 0));
  // Another view: a new frame, with no history of its own yet.
  const current = history.url === url ? history : freshFrameHistory(url, history.frameKey + 1);
  if (current !== history) setHistory(current);
  return {
    frameKey: current.frameKey,
    canGoBack: current.behind > 0,
    canGoForward: current.ahead > 0,
    onLoad: () => setHistory((state) => afterFrameLoad(state)),
    back: () => {
      if (current.behind === 0) return;
      setHistory((state) => ({ ...state, pending: 'back' }));
      window.history.back();
    },
    forward: () => {
      if (current.ahead === 0) return;
      setHistory((state) => ({ ...state, pending: 'forward' }));
      window.history.forward();
    },
    reload: () => setHistory((state) => freshFrameHistory(state.url, state.frameKey + 1)),
  };
}

export function useNativeNavigation(client: Pick<Client, 'call'>, name: DashboardName): PaneNavigation {
  const go = useCallback(
    (action: DashboardNavigation) => {
      client.call('dashboards.navigate', { name, action }).then(
        (pane) => dashboardsStore.getState().dispatch({ type: 'pane-reported', pane }),
        (error: unknown) => dashboardsStore.getState().dispatch({ type: 'pane-failed', error: toErrorInfo(error) }),
      );
    },
    [client, name],
  );
  // Main keeps the history; links clicked inside the pane are not reported here, so both stay offered.
  return { canGoBack: true, canGoForward: true, back: () => go('back'), forward: () => go('forward'), reload: () => go('reload') };
}
