// Shared set-up for the log tests: a world with an injected namespace and a small Deployment
// (app container + istio-proxy + istio-init), clients for it, and a recorder of log batches
// that tests wait on by event (a batch arriving), never by elapsed time.
import type { LogBatchInfo, LogSourceInfo, LogStreamInfo } from '../../core/contract';
import { createKubeClients, waitForPodsReady, type KubeClients } from '../../core/kube';
import { LogStreams, type LogStreamLimits, type LogStreamsDeps } from '../../core/kube/logs';
import { startWorld, zeroDelays, type KubeObject, type World, type WorldOptions } from '../world/index';

export const namespace = 'shop';

export function deployment(name: string, replicas: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name, version: 'v1' } }, spec: { containers: [{ name, image: `example.test/shop/${name}:1.0` }] } },
    },
  };
}

/** A bare pod with two containers and no sidecar, so nothing names its default container. */
export function duoPod(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'duo', namespace, labels: { app: 'duo' }, annotations: { 'sidecar.istio.io/inject': 'false' } },
    spec: {
      containers: [
        { name: 'first', image: 'example.test/duo/first:1.0' },
        { name: 'second', image: 'example.test/duo/second:1.0' },
      ],
    },
  };
}

export interface LogWorld {
  world: World;
  clients: KubeClients;
  podsOf(app: string): string[];
  stop(): Promise<void>;
}

/** A world with deployments (name → replicas) running in namespace `shop`; log lines only when written. */
export async function startLogWorld(deployments: Record<string, number>, options: WorldOptions = {}): Promise<LogWorld> {
  const world = await startWorld({ delays: zeroDelays, logLinesPerSecond: 0, ...options });
  world.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { 'istio-injection': 'enabled' } } });
  world.apply(Object.entries(deployments).map(([name, replicas]) => deployment(name, replicas)));
  world.apply(duoPod());
  const clients = createKubeClients({ kubeconfig: world.kubeconfigPath, context: world.contextName });
  await waitForPodsReady(clients, { namespace, selector: 'app=duo', stallMs: 10_000 });
  for (const [name, replicas] of Object.entries(deployments)) {
    await waitForPodsReady(clients, { namespace, selector: `app=${name}`, minimum: replicas, stallMs: 10_000 });
  }
  return {
    world,
    clients,
    podsOf: (app) =>
      world.store
        .list('/pods', namespace)
        .filter((p) => p.metadata.labels?.['app'] === app && !p.metadata['deletionTimestamp'])
        .map((p) => p.metadata.name ?? '')
        .sort(),
    async stop() {
      clients.close();
      await world.stop();
    },
  };
}

export interface Line {
  source: LogSourceInfo;
  text: string;
}

/** Records every batch of every stream; can acknowledge each batch as it arrives. */
export class BatchRecorder {
  readonly batches: LogBatchInfo[] = [];
  /** Streams that sent a batch before their open() had returned (must stay empty). */
  readonly early: string[] = [];
  autoAck = true;
  private readonly sources = new Map<string, LogSourceInfo[]>();
  private waiters: { check: () => boolean; resolve: () => void }[] = [];
  streams!: LogStreams;

  constructor(clients: KubeClients, limits: Partial<LogStreamLimits> = {}, deps: Pick<LogStreamsDeps, 'unreachableMs'> = {}) {
    this.streams = new LogStreams({ clients: async () => clients, emit: (batch) => this.receive(batch), defaultNamespace: namespace, limits, ...deps });
  }

  async open(request: Parameters<LogStreams['open']>[0]): Promise<LogStreamInfo> {
    const info = await this.streams.open(request);
    this.sources.set(info.streamId, [...info.sources, ...(this.sources.get(info.streamId) ?? [])]);
    this.settle();
    return info;
  }

  private receive(batch: LogBatchInfo): void {
    // A batch must never arrive before open() returned: the viewer could not place it.
    if (!this.sources.has(batch.streamId)) this.early.push(batch.streamId);
    const known = this.sources.get(batch.streamId) ?? [];
    this.sources.set(batch.streamId, [...known, ...(batch.sources ?? [])]);
    this.batches.push(batch);
    if (this.autoAck && !batch.ended) this.streams.ack(batch.streamId, batch.seq);
    this.settle();
  }

  of(streamId: string): LogBatchInfo[] {
    return this.batches.filter((b) => b.streamId === streamId);
  }

  lines(streamId: string): Line[] {
    const sources = this.sources.get(streamId) ?? [];
    return this.of(streamId).flatMap((b) => b.chunks.flatMap((c) => c.text.split('\n').map((text) => ({ source: sources[c.source] as LogSourceInfo, text }))));
  }

  texts(streamId: string): string[] {
    return this.lines(streamId).map((l) => l.text);
  }

  notices(streamId: string): string[] {
    return this.of(streamId).flatMap((b) => b.notices ?? []);
  }

  ended(streamId: string): LogBatchInfo['ended'] {
    return this.of(streamId).find((b) => b.ended)?.ended;
  }

  /** Resolves once `check` holds, re-checked at every batch. */
  until(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ check, resolve }));
  }

  untilLine(streamId: string, pattern: RegExp): Promise<void> {
    return this.until(() => this.texts(streamId).some((t) => pattern.test(t)));
  }

  untilEnded(streamId: string): Promise<void> {
    return this.until(() => this.ended(streamId) !== undefined);
  }

  private settle(): void {
    const pending = this.waiters;
    this.waiters = [];
    for (const w of pending) {
      if (w.check()) w.resolve();
      else this.waiters.push(w);
    }
  }
}
