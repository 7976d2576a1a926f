// The progress events the managed tools report (download, verify, extract) and a throttle that
// keeps them to a few per second. A task turns them into a percent; nothing here knows tasks.

export type ToolPhase = 'download' | 'verify' | 'extract';

export interface ToolProgressEvent {
  phase: ToolPhase;
  /** The file being worked on, e.g. `kind-linux-amd64`. */
  file: string;
  bytesDone: number;
  /** Unknown when the server sends no length, and while extracting. */
  bytesTotal: number | null;
}

export type ToolProgress = (event: ToolProgressEvent) => void;

/** Passes the first event of each phase, the last one, and at most one per interval between. */
export function throttleProgress(onProgress: ToolProgress | undefined, intervalMs: number, now: () => number): ToolProgress {
  let lastAt = Number.NEGATIVE_INFINITY;
  let lastPhase: ToolPhase | undefined;
  return (event) => {
    if (!onProgress) return;
    const at = now();
    const finished = event.bytesTotal !== null && event.bytesDone >= event.bytesTotal;
    if (!finished && event.phase === lastPhase && at - lastAt < intervalMs) return;
    lastAt = at;
    lastPhase = event.phase;
    onProgress(event);
  };
}
