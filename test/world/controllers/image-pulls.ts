// The kubelet's image pulls on its node: an image the node's store lacks is pulled from the
// world's registry (or, without one, from anywhere), one pull at a time per node (the kubelet's
// serial puller), taking as long as its size says (MESHDECK_WORLD_DELAYS "images"); then it
// joins the store. An offline node, or an image its source does not have, fails with the
// messages containerd gives. Without a node store (an in-process world) every image is present.

export interface NodeImage {
  /** Fully qualified (docker.io/library/busybox:latest), as crictl lists it. */
  ref: string;
  id: string;
  size: number;
}

export interface NodeImageStore {
  list(): Promise<NodeImage[]>;
  add(image: NodeImage): Promise<void>;
}

/** Where the node pulls from: an image's ID and size, or undefined when it has no such image. */
export interface PullSource {
  resolve(ref: string): Promise<{ id: string; size: number } | undefined>;
}

export interface NodeImagesConfig {
  store: NodeImageStore;
  source: PullSource;
  /** True while the node has no network (checked as each pull starts). */
  offline(): boolean;
  /** How long pulling this many bytes takes, in ms. */
  pullMs(ref: string, bytes: number): number;
}

export type PullPhase = 'checking' | 'pulling' | 'present' | 'pulled' | 'failed';

export interface PullJob {
  ref: string;
  phase: PullPhase;
  createdAt: number;
  message?: string;
  ms?: number;
  bytes?: number;
  readonly waiters: Set<() => void>;
}

/** containerd's reference normalisation: busybox -> docker.io/library/busybox:latest. */
export function fullImage(image: string): string {
  const [first = '', ...rest] = image.split('/');
  let ref = image;
  if (rest.length === 0) ref = `docker.io/library/${image}`;
  else if (!first.includes('.') && !first.includes(':') && first !== 'localhost') ref = `docker.io/${image}`;
  const last = ref.split('/').pop() ?? '';
  return ref.includes('@') || last.includes(':') ? ref : `${ref}:latest`;
}

export function notFoundMessage(image: string): string {
  const full = fullImage(image);
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${full}": failed to resolve reference "${full}": ${full}: not found`;
}

/** What containerd says when the registry's name does not resolve (no network). */
export function offlineMessage(image: string): string {
  const full = fullImage(image);
  const [host = '', ...path] = full.split('/');
  const registry = host === 'docker.io' ? 'registry-1.docker.io' : host;
  const rest = path.join('/');
  const at = rest.lastIndexOf(rest.includes('@') ? '@' : ':');
  const url = `https://${registry}/v2/${rest.slice(0, at)}/manifests/${rest.slice(at + 1)}`;
  return `rpc error: code = Unknown desc = failed to pull and unpack image "${full}": failed to resolve reference "${full}": failed to do request: Head "${url}": dial tcp: lookup ${registry}: no such host`;
}

export class ImagePulls {
  private readonly present = new Set<string>();
  private readonly jobs = new Map<string, PullJob>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly config: NodeImagesConfig,
    private readonly onError: (error: unknown) => void,
  ) {}

  isPresent(image: string): boolean {
    return this.present.has(fullImage(image));
  }

  /** The pull under way for this image, or a new one; `wake` runs on each of its phase changes. */
  request(image: string, wake: () => void): PullJob {
    const ref = fullImage(image);
    let job = this.jobs.get(ref);
    if (!job) {
      const created: PullJob = { ref, phase: 'checking', createdAt: Date.now(), waiters: new Set() };
      job = created;
      this.jobs.set(ref, created);
      void this.run(created).catch((error: unknown) => {
        this.onError(error);
        this.finish(created, 'failed', { message: `rpc error: code = Unknown desc = ${(error as Error).message}` });
      });
    }
    job.waiters.add(wake);
    return job;
  }

  private set(job: PullJob, phase: PullPhase, details: Partial<PullJob> = {}): void {
    Object.assign(job, details, { phase });
    for (const wake of job.waiters) wake();
  }

  private finish(job: PullJob, phase: PullPhase, details: Partial<PullJob> = {}): void {
    if (this.jobs.get(job.ref) === job) this.jobs.delete(job.ref);
    if (phase === 'present' || phase === 'pulled') this.present.add(job.ref);
    this.set(job, phase, details);
  }

  private async run(job: PullJob): Promise<void> {
    // `kind load` may have put it there since we last looked: ask the store first.
    const stored = await this.config.store.list();
    for (const image of stored) this.present.add(image.ref);
    if (this.present.has(job.ref)) return this.finish(job, 'present');
    this.set(job, 'pulling');
    const turn = this.queue.then(() => this.pull(job));
    this.queue = turn.catch(() => undefined);
    await turn;
  }

  private async pull(job: PullJob): Promise<void> {
    const started = Date.now();
    if (this.config.offline()) return this.finish(job, 'failed', { message: offlineMessage(job.ref) });
    const found = await this.config.source.resolve(job.ref);
    if (!found) return this.finish(job, 'failed', { message: notFoundMessage(job.ref) });
    const ms = this.config.pullMs(job.ref, found.size);
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    // The network may go while the layers download.
    if (this.config.offline()) return this.finish(job, 'failed', { message: offlineMessage(job.ref) });
    await this.config.store.add({ ref: job.ref, id: found.id, size: found.size });
    this.finish(job, 'pulled', { ms: Date.now() - started, bytes: found.size });
  }
}

export interface PullingContainer {
  image: string;
  pull?: PullJob;
  pullAnnounced?: boolean;
}

export type ImageStep = { kind: 'wait'; announce?: string } | { kind: 'ready'; event: string } | { kind: 'failed'; message: string };

/** Go's time.Duration text at millisecond precision: 512ms, 1.5s. */
function goDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${(ms / 1000).toFixed(3).replace(/\.?0+$/, '')}s`;
}

/** Where a container's image stands before it can be created; the kubelet records the events. */
export function imageStep(pulls: ImagePulls | undefined, c: PullingContainer, wake: () => void): ImageStep {
  const present: ImageStep = { kind: 'ready', event: `Container image "${c.image}" already present on machine` };
  if (!pulls) return present;
  if (!c.pull) {
    if (pulls.isPresent(c.image)) return present;
    c.pull = pulls.request(c.image, wake);
    c.pullAnnounced = false;
  }
  const job = c.pull;
  switch (job.phase) {
    case 'checking':
      return { kind: 'wait' };
    case 'pulling':
      if (c.pullAnnounced) return { kind: 'wait' };
      c.pullAnnounced = true;
      return { kind: 'wait', announce: `Pulling image "${c.image}"` };
    case 'present':
      c.pull = undefined;
      return present;
    case 'pulled': {
      c.pull = undefined;
      const waited = goDuration(Date.now() - job.createdAt);
      return { kind: 'ready', event: `Successfully pulled image "${c.image}" in ${goDuration(job.ms ?? 0)} (${waited} including waiting). Image size: ${job.bytes ?? 0} bytes.` };
    }
    case 'failed':
      c.pull = undefined;
      return { kind: 'failed', message: job.message ?? notFoundMessage(c.image) };
  }
}
