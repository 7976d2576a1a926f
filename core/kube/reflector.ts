// Keeps an up-to-date copy of one collection (list, then watch from the list's resourceVersion):
// re-lists on 410 Gone, re-watches from the last seen resourceVersion when a watch connection
// drops, and backs off while the API server is unreachable. No polling: between changes it only
// holds the watch open. It never decides anything; the wait on top of it does. It stops with
// stop() or when its clients close.
import type { KubeClients } from './client';
import type { KubeObject } from './objects';

export interface CollectionSpec {
  /** Collection path, e.g. /apis/apps/v1/namespaces/bookinfo/deployments. */
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
}

interface ListBody<T> {
  items?: T[];
  metadata?: { resourceVersion?: string };
}

function keyOf(obj: KubeObject): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export class Reflector<T extends KubeObject = KubeObject> {
  readonly objects = new Map<string, T>();
  synced = false;
  /** The last connection or API problem, cleared by the next successful list or event. */
  trouble: unknown;
  /** Lists done (the first, plus one per 410 Gone). */
  lists = 0;
  /** Watch connections opened. */
  watches = 0;
  private readonly clients: KubeClients;
  private readonly spec: CollectionSpec;
  private readonly onUpdate: () => void;
  private readonly stopper = new AbortController();
  private controller: AbortController | undefined;

  constructor(clients: KubeClients, spec: CollectionSpec, onUpdate: () => void) {
    this.clients = clients;
    this.spec = spec;
    this.onUpdate = onUpdate;
  }

  start(): void {
    if (this.clients.closed.aborted) return;
    this.clients.closed.addEventListener('abort', () => this.stop(), { once: true, signal: this.stopper.signal });
    void this.run();
  }

  stop(): void {
    this.stopper.abort();
    this.controller?.abort();
  }

  private get stopped(): boolean {
    return this.stopper.signal.aborted;
  }

  private async run(): Promise<void> {
    let resourceVersion: string | undefined;
    let backoff = 100;
    while (!this.stopped) {
      try {
        if (resourceVersion === undefined) {
          const { body } = await this.clients.http.request<ListBody<T>>('GET', this.spec.path, {
            query: { labelSelector: this.spec.labelSelector, fieldSelector: this.spec.fieldSelector },
            signal: this.stopper.signal,
          });
          this.objects.clear();
          for (const item of body.items ?? []) this.objects.set(keyOf(item), item);
          resourceVersion = body.metadata?.resourceVersion ?? '';
          this.lists++;
          this.synced = true;
          this.trouble = undefined;
          this.onUpdate();
        }
        const outcome = await this.watchOnce(resourceVersion);
        resourceVersion = outcome.gone ? undefined : outcome.resourceVersion;
        if (outcome.events > 0 || outcome.gone) backoff = 100;
        else {
          // A watch that ended without a single event: don't reconnect in a tight loop.
          await pause(backoff, this.stopper.signal);
          backoff = Math.min(backoff * 2, 5000);
        }
      } catch (err) {
        if (this.stopped) return;
        this.trouble = err;
        this.onUpdate();
        await pause(backoff, this.stopper.signal);
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  }

  private watchOnce(from: string): Promise<{ resourceVersion: string; gone: boolean; events: number }> {
    return new Promise((resolve) => {
      let latest = from;
      let gone = false;
      let events = 0;
      const params: Record<string, string | boolean> = { resourceVersion: from, allowWatchBookmarks: true };
      if (this.spec.labelSelector) params['labelSelector'] = this.spec.labelSelector;
      if (this.spec.fieldSelector) params['fieldSelector'] = this.spec.fieldSelector;
      this.watches++;
      const onEvent = (type: string, obj: KubeObject & { code?: number }): void => {
        if (type === 'ERROR') {
          // 410 Gone (or any error event): our resourceVersion is no longer served; list again.
          gone = true;
          return;
        }
        const rv = obj.metadata?.resourceVersion;
        if (rv) latest = rv;
        if (type === 'BOOKMARK') return;
        events++;
        this.trouble = undefined;
        if (type === 'DELETED') this.objects.delete(keyOf(obj));
        else this.objects.set(keyOf(obj), obj as T);
        this.onUpdate();
      };
      const onDone = (err: unknown): void => {
        this.controller = undefined;
        const status = (err as { statusCode?: number } | null)?.statusCode;
        if (status === 410) gone = true;
        else if (err && !this.stopped && (err as { name?: string }).name !== 'TimeoutError') {
          this.trouble = err;
          // Said, so that whoever follows the collection learns the API server stopped answering.
          this.onUpdate();
        }
        resolve({ resourceVersion: latest, gone, events });
      };
      this.clients.watch.watch(this.spec.path, params, onEvent, onDone).then(
        (controller) => {
          this.controller = controller;
          if (this.stopped) controller.abort();
        },
        (err: unknown) => onDone(err),
      );
    });
  }
}
