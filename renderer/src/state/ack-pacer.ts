// Paced acknowledgements of a stream's batches: in the order they were given, at most one per
// interval (0: at once). The core sends a new batch only for an acknowledged one, so the pace
// caps batches per second; a flood then costs the page a bounded amount of work per second.

export interface PacingTimers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface AckPacer {
  acknowledge(seq: number): void;
  /** Drops the timer; acknowledgements still waiting are not sent. */
  stop(): void;
}

export const realTimers: PacingTimers = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** `send` makes the call; nothing is sent once `closed()` says the stream is gone. */
export function createAckPacer(send: (seq: number) => void, minIntervalMs: number, timers: PacingTimers, closed: () => boolean): AckPacer {
  /** Batches written and not acknowledged yet (a few: the core's window), oldest first. */
  const waiting: number[] = [];
  let lastAck = Number.NEGATIVE_INFINITY;
  let timer: unknown;

  /** Sends the next acknowledgement when the interval allows, else once it does. */
  function sendDue(): void {
    if (timer !== undefined || closed()) return;
    while (waiting.length > 0) {
      const wait = lastAck + minIntervalMs - timers.now();
      if (wait > 0) {
        timer = timers.setTimeout(() => {
          timer = undefined;
          sendDue();
        }, wait);
        return;
      }
      lastAck = timers.now();
      send(waiting.shift()!);
    }
  }

  return {
    acknowledge(seq) {
      waiting.push(seq);
      sendDue();
    },
    stop() {
      if (timer !== undefined) timers.clearTimeout(timer);
    },
  };
}
