// A browser-mode dashboard frame's own history, counted from its load events (a page cannot read
// a cross-origin frame's URL or history): how many of the tab's history entries behind and ahead
// belong to this frame, so Back and Forward are offered only as far as the frame itself went. Pure.

export interface FrameHistory {
  url: string;
  /** Changes to load the view again in a new frame. */
  frameKey: number;
  loads: number;
  /** This frame's own entries behind and ahead of the current one. */
  behind: number;
  ahead: number;
  /** What the user asked for, until the frame's next load says it happened. */
  pending: 'back' | 'forward' | null;
}

export function freshFrameHistory(url: string, frameKey: number): FrameHistory {
  return { url, frameKey, loads: 0, behind: 0, ahead: 0, pending: null };
}

/** The first load is the view itself; every later one moved back, forward, or to a new page. */
export function afterFrameLoad(history: FrameHistory): FrameHistory {
  if (history.loads === 0) return { ...history, loads: 1 };
  const loads = history.loads + 1;
  if (history.pending === 'back') return { ...history, loads, behind: Math.max(0, history.behind - 1), ahead: history.ahead + 1, pending: null };
  if (history.pending === 'forward') return { ...history, loads, behind: history.behind + 1, ahead: Math.max(0, history.ahead - 1), pending: null };
  return { ...history, loads, behind: history.behind + 1, ahead: 0, pending: null };
}
