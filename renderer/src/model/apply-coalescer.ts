// Turns a stream of slider moves into an orderly series of applies. While dragging, at most one
// call every `intervalMs` (150 ms), carrying the newest value; on release, exactly one more with
// the released value. Calls never overlap: the next waits for the previous answer, and only the
// newest waiting value is sent, so the cluster sees the user's values in the order they were made.
// It knows nothing about what a value is or where it goes.

export interface CoalescerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ApplyCoalescerOptions<V, R> {
  /** Makes the call; `seq` grows by one per call so answers can be told apart. */
  send(value: V, seq: number): Promise<R>;
  /** A call left (for an "applying" indicator). `final` marks the call that carries a release. */
  onSent?(value: V, seq: number, final: boolean): void;
  /** The answer to the call that carried `value`. */
  onAccepted(result: R, seq: number, final: boolean, value: V): void;
  onFailed(error: unknown, seq: number, final: boolean, value: V): void;
  /** Least time between the starts of two calls while dragging. */
  intervalMs?: number;
  /** The first call's seq; later calls count up from it. */
  firstSeq?: number;
  clock?: CoalescerClock;
}

export interface ApplyCoalescer<V> {
  /** The value changed while dragging. */
  move(value: V): void;
  /** The drag ended (or a one-shot change such as a key press or a preset) with this value. */
  release(value: V): void;
  /** Drops what waits and stops the timer; an answer already on its way is still reported. */
  dispose(): void;
  /** A call is on its way, or a value waits to be sent. */
  isBusy(): boolean;
}

export const APPLY_INTERVAL_MS = 150;

const realClock: CoalescerClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

interface Pending<V> {
  value: V;
  final: boolean;
}

/** The call's promise; a call that throws instead of rejecting is answered like a rejection. */
function callSafely<R>(call: () => Promise<R>): Promise<R> {
  try {
    return call();
  } catch (error) {
    return Promise.reject(error);
  }
}

export function createApplyCoalescer<V, R>(options: ApplyCoalescerOptions<V, R>): ApplyCoalescer<V> {
  const clock = options.clock ?? realClock;
  const interval = options.intervalMs ?? APPLY_INTERVAL_MS;
  let nextSeq = options.firstSeq ?? 1;
  let pending: Pending<V> | null = null;
  let inFlight = false;
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let timer: unknown = null;
  let disposed = false;

  function clearTimer() {
    if (timer === null) return;
    clock.clearTimeout(timer);
    timer = null;
  }

  /** Sends the waiting value if nothing is in flight and (for drag moves) the interval has passed. */
  function pump() {
    if (disposed || inFlight || !pending) return;
    const wait = pending.final ? 0 : lastSentAt + interval - clock.now();
    if (wait > 0) {
      if (timer === null) {
        timer = clock.setTimeout(() => {
          timer = null;
          pump();
        }, wait);
      }
      return;
    }
    clearTimer();
    const { value, final } = pending;
    pending = null;
    const seq = nextSeq++;
    inFlight = true;
    lastSentAt = clock.now();
    options.onSent?.(value, seq, final);
    callSafely(() => options.send(value, seq)).then(
      (result) => answered(() => options.onAccepted(result, seq, final, value)),
      (error: unknown) => answered(() => options.onFailed(error, seq, final, value)),
    );
  }

  function answered(report: () => void) {
    inFlight = false;
    // Whatever the listener does, the next waiting value must still go out.
    try {
      report();
    } finally {
      pump();
    }
  }

  return {
    move(value) {
      if (disposed) return;
      pending = { value, final: false };
      pump();
    },
    release(value) {
      if (disposed) return;
      // A release is sent as soon as nothing is in flight: the drag is over, so no interval.
      pending = { value, final: true };
      clearTimer();
      pump();
    },
    dispose() {
      disposed = true;
      pending = null;
      clearTimer();
    },
    isBusy() {
      return inFlight || pending !== null;
    },
  };
}
