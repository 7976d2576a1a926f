// Who made a call: one connected face (a browser tab's WebSocket, the desktop window). Work a
// caller starts that outlives the call — generator runs, log streams, shells — registers a
// cleanup here, so when the face goes away (tab closed, connection dropped, window closed or
// reloaded) that work ends on the server side too instead of running on for nobody.

export interface Caller {
  readonly id: string;
  /** Runs `cleanup` once when this caller goes away; returns a function that cancels it. */
  onGone(cleanup: () => void): () => void;
}

let nextId = 1;

export class CallerScope implements Caller {
  readonly id = `caller-${nextId++}`;
  private readonly cleanups = new Set<() => void>();
  private ended = false;

  onGone(cleanup: () => void): () => void {
    if (this.ended) {
      cleanup();
      return () => undefined;
    }
    this.cleanups.add(cleanup);
    return () => this.cleanups.delete(cleanup);
  }

  /** The face went away: runs every cleanup once (a failing one does not stop the others). */
  gone(): void {
    if (this.ended) return;
    this.ended = true;
    for (const cleanup of [...this.cleanups]) {
      try {
        cleanup();
      } catch {
        // Cleanups end work that is going away anyway.
      }
    }
    this.cleanups.clear();
  }

  get pending(): number {
    return this.cleanups.size;
  }
}

/** For calls no face made (code calling the dispatcher directly): nothing is tied to it. */
export const PROCESS_CALLER: Caller = { id: 'process', onGone: () => () => undefined };
