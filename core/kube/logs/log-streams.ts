// The log streams of one core: what can be shown (targets), opening a pod's or a workload's log
// as a stream of batches pushed through `emit`, acknowledgements, and closing — one stream, or
// all of them when the core goes away. Every open stream owns live HTTP requests to the API
// server; closing a stream aborts them, so nothing outlives the viewer.
import { randomBytes } from 'node:crypto';
import { AppError, type LogBatchInfo, type LogOpenRequest, type LogStreamInfo, type LogTargetsInfo } from '../../contract';
import type { KubeClients } from '../client';
import type { BatcherStats } from './batcher';
import { logError } from './log-errors';
import { defaultLogStreamLimits, LogStream, type LogStreamLimits } from './log-stream';
import { defaultContainer, defaultedNote, parseLogTarget, readLogTargets, type LogPod } from './log-targets';
import { systemTimers, type LogTimers } from './log-timers';
import { PodLogFollower, type FollowerEnd } from './pod-log-follower';
import { WorkloadLogs } from './workload-logs';

export interface LogStreamsDeps {
  clients: () => Promise<KubeClients>;
  emit: (batch: LogBatchInfo) => void;
  /** The namespace when a request names none (the lab's Bookinfo namespace). */
  defaultNamespace: string;
  now?: () => number;
  timers?: LogTimers;
  limits?: Partial<LogStreamLimits>;
  /** How long a follow waits for an API server that does not answer before it ends (default 30 s). */
  unreachableMs?: number;
}

function endedOf(end: FollowerEnd): NonNullable<LogBatchInfo['ended']> {
  return end.reason === 'error' ? { reason: 'error', ...(end.message ? { message: end.message } : {}) } : { reason: 'complete' };
}

function checkRequest(request: LogOpenRequest): void {
  if (request.tailLines !== undefined && !(Number.isInteger(request.tailLines) && request.tailLines >= 0)) {
    throw new AppError('INVALID_ARGUMENT', `tailLines must be a whole number of lines, 0 or more (got ${request.tailLines}); leave it out for all lines.`);
  }
  if (request.sinceSeconds !== undefined && !(Number.isInteger(request.sinceSeconds) && request.sinceSeconds > 0)) {
    throw new AppError('INVALID_ARGUMENT', `sinceSeconds must be a whole number of seconds above 0 (got ${request.sinceSeconds}); leave it out for all lines.`);
  }
}

export class LogStreams {
  private readonly deps: LogStreamsDeps;
  private readonly limits: LogStreamLimits;
  private readonly timers: LogTimers;
  private readonly streams = new Map<string, LogStream>();

  constructor(deps: LogStreamsDeps) {
    this.deps = deps;
    this.limits = { ...defaultLogStreamLimits, ...(deps.limits ?? {}) };
    this.timers = deps.timers ?? systemTimers;
  }

  /** Pods (with containers) and workloads of a namespace, for the log viewer's pickers. */
  async targets(options: { namespace?: string } = {}): Promise<LogTargetsInfo> {
    return readLogTargets(await this.deps.clients(), options.namespace ?? this.deps.defaultNamespace);
  }

  /** Opens a stream; batches follow through `emit` once this resolves. */
  async open(request: LogOpenRequest): Promise<LogStreamInfo> {
    checkRequest(request);
    const target = parseLogTarget(request.target);
    const namespace = request.namespace ?? this.deps.defaultNamespace;
    const clients = await this.deps.clients();
    const id = `log-${randomBytes(6).toString('hex')}`;
    const stream = new LogStream({ id, limits: this.limits, timers: this.timers, emit: this.deps.emit, onFinished: (done) => this.streams.delete(done) });
    this.streams.set(id, stream);
    try {
      if (target.kind === 'pod') await this.openPod(clients, namespace, target.name, request, stream);
      else {
        const workload = new WorkloadLogs({
          clients,
          namespace,
          kind: target.kind,
          name: target.name,
          ...this.readOptions(request),
          sink: stream,
          ...(this.deps.now ? { now: this.deps.now } : {}),
          ...(this.deps.unreachableMs !== undefined ? { unreachableMs: this.deps.unreachableMs } : {}),
          timers: this.timers,
        });
        stream.attach(workload);
        await workload.start();
      }
    } catch (err) {
      stream.close();
      throw err;
    }
    if (stream.closed && !this.streams.has(id)) throw new AppError('CANCELLED', `The log of ${request.target} was closed while it was opening.`);
    return { streamId: id, namespace, target: request.target, sources: stream.release() };
  }

  /** The viewer has shown batches up to `seq`; unknown or finished streams are ignored (a close may have crossed it). */
  ack(streamId: string, seq: number): void {
    this.streams.get(streamId)?.ack(seq);
  }

  /** Ends a stream at once; false when there was no such open stream. */
  close(streamId: string): boolean {
    const stream = this.streams.get(streamId);
    if (!stream) return false;
    stream.close();
    return true;
  }

  closeAll(): void {
    for (const stream of [...this.streams.values()]) stream.close();
  }

  /** Ends every open stream with an error the viewer shows (the lab went away); its readers stop. */
  endAll(message: string): void {
    for (const stream of [...this.streams.values()]) stream.close({ reason: 'error', message });
  }

  openCount(): number {
    return this.streams.size;
  }

  /** Buffer and drop counters of an open stream (status lines, tests). */
  stats(streamId: string): BatcherStats | undefined {
    return this.streams.get(streamId)?.stats;
  }

  private readOptions(request: LogOpenRequest) {
    return {
      ...(request.container ? { container: request.container } : {}),
      follow: request.follow ?? false,
      previous: request.previous ?? false,
      ...(request.tailLines !== undefined ? { tailLines: request.tailLines } : {}),
      ...(request.sinceSeconds !== undefined ? { sinceSeconds: request.sinceSeconds } : {}),
      timestamps: request.timestamps ?? false,
    };
  }

  private async openPod(clients: KubeClients, namespace: string, name: string, request: LogOpenRequest, stream: LogStream): Promise<void> {
    let pod: LogPod;
    try {
      pod = (await clients.http.request<LogPod>('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`)).body;
    } catch (err) {
      throw logError(err, `Reading pod ${name} in namespace ${namespace}`, clients.server);
    }
    const apps = (pod.spec?.containers ?? []).map((c) => c.name);
    const inits = (pod.spec?.initContainers ?? []).map((c) => c.name);
    const container = request.container ?? defaultContainer(pod);
    if (!container) throw new AppError('INVALID_ARGUMENT', `Pod ${name} in ${namespace} has no containers to read.`);
    if (!apps.includes(container) && !inits.includes(container)) {
      throw new AppError(
        'INVALID_ARGUMENT',
        `Pod ${name} has no container "${container}". Choose one of: ${apps.join(', ')}${inits.length > 0 ? `; init containers: ${inits.join(', ')}` : ''}.`,
        { containers: apps, initContainers: inits },
      );
    }
    if (!request.container) {
      const note = defaultedNote(pod, container);
      if (note) stream.notice(note);
    }
    const source = stream.addSource(name, container);
    const { follow, previous, timestamps, tailLines, sinceSeconds } = this.readOptions(request);
    const follower = new PodLogFollower({
      clients,
      namespace,
      pod,
      container,
      follow,
      previous,
      timestamps,
      ...(tailLines !== undefined ? { tailLines } : {}),
      ...(sinceSeconds !== undefined ? { sinceSeconds } : {}),
      ...(this.deps.now ? { now: this.deps.now } : {}),
      ...(this.deps.unreachableMs !== undefined ? { unreachableMs: this.deps.unreachableMs } : {}),
      timers: this.timers,
      onLine: (text) => stream.line(source, text),
      onNotice: (text) => stream.notice(text),
      onEnd: (end) => stream.end(endedOf(end)),
    });
    stream.attach(follower);
    await follower.start();
  }
}
