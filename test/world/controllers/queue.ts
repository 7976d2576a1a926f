// A de-duplicating work queue, the world's equivalent of client-go's workqueue: keys enqueued
// many times before they are processed are reconciled once, errors are retried with backoff,
// and delayed keys wait on one timer each. Reconcilers run on the event loop, never re-entrantly.
import { ApiError } from '../status.js';

export type Reconcile = (key: string) => void;

export class WorkQueue {
  private readonly pending = new Set<string>();
  private readonly delayed = new Map<string, NodeJS.Timeout>();
  private readonly failures = new Map<string, number>();
  private scheduled = false;
  private stopped = false;

  constructor(
    readonly name: string,
    private readonly reconcile: Reconcile,
    private readonly onError: (name: string, key: string, error: unknown) => void = () => undefined,
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    this.pending.add(key);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  /** Adds the key after `ms` (0 = next turn); an earlier pending delay for the key is kept. */
  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    if (ms <= 0) return this.add(key);
    const existing = this.delayed.get(key);
    if (existing) clearTimeout(existing);
    const timer = setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, ms);
    this.delayed.set(key, timer);
  }

  private drain(): void {
    this.scheduled = false;
    const keys = [...this.pending];
    this.pending.clear();
    for (const key of keys) {
      if (this.stopped) return;
      try {
        this.reconcile(key);
        this.failures.delete(key);
      } catch (error) {
        const count = (this.failures.get(key) ?? 0) + 1;
        this.failures.set(key, count);
        // Conflicts are normal optimistic-concurrency races: retry at once. Others back off.
        const conflict = error instanceof ApiError && error.code === 409;
        if (!conflict) this.onError(this.name, key, error);
        if (count < 20) this.addAfter(key, conflict ? 0 : Math.min(1000, 5 * 2 ** count));
      }
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.delayed.values()) clearTimeout(t);
    this.delayed.clear();
    this.pending.clear();
  }
}
