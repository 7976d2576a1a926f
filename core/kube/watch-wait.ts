// The engine under every wait: keeps reflectors on the collections that matter, re-evaluates on
// each change, resolves when done, and fails with STALLED only when nothing relevant changed for
// `stallMs` — there is no overall timeout. The message comes from the caller's explain(), read
// from the same cached objects. Cancelling the signal ends it with CANCELLED.
import { AppError, type ErrorDetails } from '../contract';
import type { KubeClients } from './client';
import { kubeError } from './errors';
import type { KubeObject } from './objects';
import { Reflector, type CollectionSpec } from './reflector';

export interface Evaluation {
  done: boolean;
  ready: number;
  total: number;
  /** Everything that counts as progress; a change restarts the stall clock. */
  signature: string;
}

export interface Explanation {
  message: string;
  details?: ErrorDetails;
}

export interface WatchWaitOptions {
  signal?: AbortSignal;
  stallMs: number;
  onProgress?: (ready: number, total: number) => void;
}

export type Snapshot = KubeObject[][];

export interface WatchWaitHooks {
  /** Tests observe reflectors (lists, watches) through this. */
  onReflectors?: (reflectors: Reflector[]) => void;
}

export function waitOnWatches(
  clients: KubeClients,
  specs: CollectionSpec[],
  evaluate: (snapshot: Snapshot) => Evaluation,
  explain: (snapshot: Snapshot, trouble: string | undefined) => Explanation,
  options: WatchWaitOptions & WatchWaitHooks,
): Promise<void> {
  if (!(options.stallMs > 0)) return Promise.reject(new AppError('INVALID_ARGUMENT', 'stallMs must be a positive number of milliseconds.'));
  if (options.signal?.aborted) return Promise.reject(new AppError('CANCELLED', 'Cancelled before the wait started.'));
  return new Promise<void>((resolve, reject) => {
    let finished = false;
    let signature: string | undefined;
    let reported = '';
    let timer = setTimeout(stalled, options.stallMs);
    const reflectors = specs.map((spec) => new Reflector(clients, spec, update));
    const snapshot = (): Snapshot => reflectors.map((r) => [...r.objects.values()]);

    function finish(error?: AppError): void {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', cancelled);
      for (const r of reflectors) r.stop();
      if (error) reject(error);
      else resolve();
    }
    function cancelled(): void {
      finish(new AppError('CANCELLED', 'Cancelled while waiting.'));
    }
    function stalled(): void {
      if (finished) return;
      const troubled = reflectors.find((r) => r.trouble !== undefined);
      const trouble = troubled ? kubeError(troubled.trouble, 'Watching the cluster', clients.server).message : undefined;
      const { message, details } = explain(snapshot(), trouble);
      finish(new AppError('STALLED', message, { stallMs: options.stallMs, ...(details ?? {}) }));
    }
    function update(): void {
      if (finished || !reflectors.every((r) => r.synced)) return;
      const ev = evaluate(snapshot());
      const progress = `${ev.ready}/${ev.total}`;
      if (progress !== reported) {
        reported = progress;
        options.onProgress?.(ev.ready, ev.total);
      }
      if (ev.done) return finish();
      if (ev.signature !== signature) {
        signature = ev.signature;
        clearTimeout(timer);
        timer = setTimeout(stalled, options.stallMs);
      }
    }
    options.signal?.addEventListener('abort', cancelled, { once: true });
    options.onReflectors?.(reflectors);
    for (const r of reflectors) r.start();
  });
}
