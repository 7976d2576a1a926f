// Runs one piece of work per key at a time inside this process: a second caller joins the work
// already running instead of starting its own, and hears its progress. Each caller can cancel
// its own wait at once; the work itself is aborted only when every caller has gone.

interface Flight<T, E> {
  promise: Promise<T>;
  controller: AbortController;
  listeners: Set<(event: E) => void>;
  waiters: number;
}

export interface JoinOptions<E> {
  signal?: AbortSignal | undefined;
  onEvent?: ((event: E) => void) | undefined;
}

export class SingleFlight<T, E> {
  private readonly flights = new Map<string, Flight<T, E>>();

  constructor(private readonly cancelled: () => Error) {}

  run(key: string, work: (signal: AbortSignal, emit: (event: E) => void) => Promise<T>, options: JoinOptions<E> = {}): Promise<T> {
    const { signal, onEvent } = options;
    if (signal?.aborted) return Promise.reject(this.cancelled());
    const flight = this.flights.get(key) ?? this.start(key, work);
    flight.waiters += 1;
    if (onEvent) flight.listeners.add(onEvent);
    return new Promise<T>((resolve, reject) => {
      const leave = (): void => {
        signal?.removeEventListener('abort', onAbort);
        if (onEvent) flight.listeners.delete(onEvent);
        flight.waiters -= 1;
      };
      const onAbort = (): void => {
        leave();
        if (flight.waiters === 0) {
          // Later callers start afresh rather than join work that is being torn down.
          if (this.flights.get(key) === flight) this.flights.delete(key);
          flight.controller.abort(signal?.reason);
        }
        reject(this.cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (value) => {
          if (signal?.aborted) return;
          leave();
          resolve(value);
        },
        (error: unknown) => {
          if (signal?.aborted) return;
          leave();
          reject(error);
        },
      );
    });
  }

  private start(key: string, work: (signal: AbortSignal, emit: (event: E) => void) => Promise<T>): Flight<T, E> {
    const controller = new AbortController();
    const listeners = new Set<(event: E) => void>();
    const emit = (event: E): void => {
      for (const listener of listeners) listener(event);
    };
    const promise = Promise.resolve()
      .then(() => work(controller.signal, emit))
      .finally(() => {
        if (this.flights.get(key) === flight) this.flights.delete(key);
      });
    // Nobody may be waiting any more when cancelled work settles; its outcome is not lost, only unheard.
    promise.catch(() => undefined);
    const flight: Flight<T, E> = { promise, controller, listeners, waiters: 0 };
    this.flights.set(key, flight);
    return flight;
  }
}
