// All pods of a workload at once: resolves deploy/sts/ds NAME to its label selector, reads every
// matching pod's container with one PodLogFollower each, and while following watches the pods
// (list + watch through a Reflector), so a pod that appears joins once its container has
// started (read from its first line) and a restarted one is picked up again. Every
// pod/container is its own source.
import { AppError } from '../../contract';
import type { KubeClients } from '../client';
import { KubeStatusError } from '../errors';
import type { LabelSelector, WorkloadObject } from '../resources/deployment';
import { Reflector } from '../reflector';
import { logError } from './log-errors';
import type { LogProducer, LogSink } from './log-sink';
import { containerStatusOf, defaultContainer, hasStarted, type LogPod, type WorkloadKind } from './log-targets';
import type { LogTimers } from './log-timers';
import { PodLogFollower } from './pod-log-follower';

export interface WorkloadLogsOptions {
  clients: KubeClients;
  namespace: string;
  kind: WorkloadKind;
  name: string;
  /** The same container in every pod; default: each pod's default container. */
  container?: string;
  follow: boolean;
  previous: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  timestamps: boolean;
  sink: LogSink;
  now?: () => number;
  timers?: LogTimers;
  /** Passed to each pod's follower (how long an API server that does not answer is waited for). */
  unreachableMs?: number;
}

const resources: Record<WorkloadKind, string> = { deploy: 'deployments', sts: 'statefulsets', ds: 'daemonsets' };

/** A label selector as the API's `labelSelector` query parameter spells it. */
export function selectorString(selector: LabelSelector | undefined): string {
  const parts = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector?.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

interface Member {
  source?: number;
  follower?: PodLogFollower;
  /** The restart count of the instance already read to its end, so it is not read twice. */
  doneInstance?: number;
  /** Set once the pod was found unable to serve this container (e.g. no such container). */
  skipped?: boolean;
}

export class WorkloadLogs implements LogProducer {
  private readonly options: WorkloadLogsOptions;
  private readonly ref: string;
  private readonly members = new Map<string, Member>();
  private reflector: Reflector<LogPod> | undefined;
  private workloadWatch: Reflector | undefined;
  /** The workload was deleted: the follow ends once no pod of it is read any more. */
  private workloadGone = false;
  private stopped = false;
  private starting = 0;

  constructor(options: WorkloadLogsOptions) {
    // Previous instances have ended: there is nothing to follow or to join, as for one pod.
    this.options = { ...options, follow: options.follow && !options.previous };
    this.ref = `${options.kind}/${options.name}`;
  }

  /** Resolves the workload and joins its current pods; rejects when the workload is not there. */
  async start(): Promise<void> {
    const { clients, namespace } = this.options;
    const path = `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/${resources[this.options.kind]}/${encodeURIComponent(this.options.name)}`;
    let workload: WorkloadObject;
    try {
      workload = (await clients.http.request<WorkloadObject>('GET', path)).body;
    } catch (err) {
      if (err instanceof KubeStatusError && err.statusCode === 404) {
        throw new AppError('NOT_FOUND', `There is no ${this.ref} in namespace ${namespace}. Pick a workload from the log viewer's list (or \`kubectl get ${resources[this.options.kind]} -n ${namespace}\`).`);
      }
      throw logError(err, `Reading ${this.ref} in ${namespace}`, clients.server);
    }
    const selector = selectorString(workload.spec?.selector);
    if (!selector) throw new AppError('INVALID_ARGUMENT', `${this.ref} in ${namespace} has no pod selector, so it has no pods to show.`);
    if (this.options.follow) this.watchWorkload();
    const pods = this.options.follow ? await this.watchPods(selector) : await this.listPods(selector);
    if (this.stopped) return;
    await Promise.all(pods.sort(byName).map((pod) => this.consider(pod)));
    const unreadable = this.nothingToRead(pods);
    if (unreadable) {
      this.stop();
      throw new AppError('INVALID_ARGUMENT', unreadable, { target: this.ref, namespace });
    }
    if (pods.length === 0) this.options.sink.notice(this.options.follow ? `${this.ref} has no pods yet; their logs appear when they start` : `${this.ref} has no pods`);
    this.checkDone();
  }

  /**
   * Why none of the workload's pods can be read as asked, as kubectl refuses it (exit 1): no pod has
   * the container, or (-p) none has a previous instance. Undefined when some pod can be read.
   */
  private nothingToRead(pods: LogPod[]): string | undefined {
    if (pods.length === 0 || this.stopped) return undefined;
    const members = [...this.members.values()];
    const { container, previous, namespace } = this.options;
    if (members.every((m) => m.skipped)) {
      const names = [...new Set(pods.flatMap((pod) => [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].map((c) => c.name)))];
      return `The pods of ${this.ref} in ${namespace} have no container "${container ?? ''}". Choose one of: ${names.join(', ') || 'none'}.`;
    }
    if (previous && members.every((m) => m.source === undefined)) {
      return `No pod of ${this.ref} in ${namespace} has a previous terminated instance of ${container ? `container "${container}"` : 'its container'}: none of them restarted. Leave out -p to read the current log.`;
    }
    return undefined;
  }

  stop(): void {
    this.stopped = true;
    this.reflector?.stop();
    this.workloadWatch?.stop();
    for (const member of this.members.values()) member.follower?.stop();
  }

  private async listPods(selector: string): Promise<LogPod[]> {
    const { clients, namespace } = this.options;
    try {
      const answer = await clients.http.request<{ items?: LogPod[] }>('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, { query: { labelSelector: selector } });
      return answer.body.items ?? [];
    } catch (err) {
      throw logError(err, `Reading the pods of ${this.ref} in ${namespace}`, clients.server);
    }
  }

  /** Lists and keeps watching the workload's pods; resolves with the first list. */
  private watchPods(selector: string): Promise<LogPod[]> {
    const { clients, namespace } = this.options;
    return new Promise((resolve, reject) => {
      let synced = false;
      const reflector = new Reflector<LogPod>(clients, { path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, labelSelector: selector }, () => {
        if (this.stopped) return;
        if (!synced) {
          if (reflector.synced) {
            synced = true;
            resolve([...reflector.objects.values()]);
          } else if (reflector.trouble !== undefined) {
            reflector.stop();
            reject(logError(reflector.trouble, `Watching the pods of ${this.ref} in ${namespace}`, clients.server));
          }
          return;
        }
        const pods = [...reflector.objects.values()].sort(byName);
        this.forgetGone(new Set(pods.map(uidOf)));
        for (const pod of pods) void this.consider(pod, true);
      });
      this.reflector = reflector;
      reflector.start();
    });
  }

  /** Starts reading a pod's container when it has something to read and is not read already. */
  private async consider(pod: LogPod, joining = false): Promise<void> {
    const uid = uidOf(pod);
    const podName = pod.metadata?.name ?? '';
    let member = this.members.get(uid);
    if (!member) {
      member = {};
      this.members.set(uid, member);
    }
    if (this.stopped || member.follower || member.skipped) return;
    const container = this.options.container ?? defaultContainer(pod);
    const names = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].map((c) => c.name);
    if (!container || !names.includes(container)) {
      member.skipped = true;
      this.options.sink.notice(`${podName}: has no container "${container ?? ''}" (it has ${names.join(', ') || 'none'})`);
      return;
    }
    const restart = containerStatusOf(pod, container)?.restartCount ?? 0;
    if (member.doneInstance !== undefined && member.doneInstance >= restart) return;
    if (!hasStarted(pod, container, this.options.previous)) return;
    if (member.source === undefined) {
      member.source = this.options.sink.addSource(podName, container);
      if (joining) this.options.sink.notice(`${podName}/${container}: joined`);
    }
    const source = member.source;
    const current = member;
    const follower = new PodLogFollower({
      clients: this.options.clients,
      namespace: this.options.namespace,
      pod,
      container,
      follow: this.options.follow,
      previous: this.options.previous,
      // A pod that joins later is new: all of its log is shown, not just the window asked for.
      ...(this.options.tailLines !== undefined && !joining ? { tailLines: this.options.tailLines } : {}),
      ...(this.options.sinceSeconds !== undefined && !joining ? { sinceSeconds: this.options.sinceSeconds } : {}),
      timestamps: this.options.timestamps,
      ...(this.options.now ? { now: this.options.now } : {}),
      ...(this.options.timers ? { timers: this.options.timers } : {}),
      ...(this.options.unreachableMs !== undefined ? { unreachableMs: this.options.unreachableMs } : {}),
      onLine: (text) => this.options.sink.line(source, text),
      onNotice: (text) => this.options.sink.notice(text),
      onEnd: (end) => {
        current.follower = undefined;
        current.doneInstance = follower.instance;
        // The cluster itself stopped answering: the whole workload's stream ends, with why.
        if (end.unreachable) return this.endUnreachable(end.message ?? `The API server stopped answering: the lab's cluster is gone or stopped.`);
        if (end.reason === 'error' && end.message) this.options.sink.notice(end.message);
        this.checkDone();
        this.endIfGone();
      },
    });
    member.follower = follower;
    this.starting++;
    try {
      await follower.start();
    } catch (err) {
      current.follower = undefined;
      current.doneInstance = restart;
      if (!this.stopped) this.options.sink.notice(`${podName}/${container}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.starting--;
    }
    this.checkDone();
  }

  /** Watches the workload itself: once it is deleted (or its namespace torn down with the lab), the follow ends after its pods' logs. */
  private watchWorkload(): void {
    const { clients, namespace, name } = this.options;
    const watch = new Reflector(clients, { path: `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/${resources[this.options.kind]}`, fieldSelector: `metadata.name=${name}` }, () => {
      if (!watch.synced || watch.trouble !== undefined || watch.objects.size > 0) return;
      this.workloadGone = true;
      this.endIfGone();
    });
    this.workloadWatch = watch;
    watch.start();
  }

  private endIfGone(): void {
    if (this.stopped || !this.workloadGone || [...this.members.values()].some((m) => m.follower)) return;
    this.stop();
    this.options.sink.end({ reason: 'error', message: `${this.ref} is gone from namespace ${this.options.namespace} (deleted, or the lab was taken down), so there is nothing more to follow. Pick a workload that exists, or create the lab again (Setup, or \`meshdeck up\`).` });
  }

  private endUnreachable(message: string): void {
    if (this.stopped) return;
    this.stop();
    this.options.sink.end({ reason: 'error', message });
  }

  /** Pods that left the selection and are no longer read are forgotten. */
  private forgetGone(present: Set<string>): void {
    for (const [uid, member] of this.members) if (!present.has(uid) && !member.follower) this.members.delete(uid);
  }

  /** A one-time read (no follow) ends when every pod's log was read. */
  private checkDone(): void {
    if (this.stopped || this.options.follow || this.starting > 0 || this.reflector) return;
    if ([...this.members.values()].some((m) => m.follower)) return;
    this.stopped = true;
    this.options.sink.end({ reason: 'complete' });
  }
}

function uidOf(pod: LogPod): string {
  return pod.metadata?.uid ?? pod.metadata?.name ?? '';
}

function byName(a: LogPod, b: LogPod): number {
  return (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
}
