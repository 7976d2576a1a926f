// The node's pulls without a cluster: one pull per image however many containers wait on it,
// pulls of one node one after another, a store that learns what `kind load` put there, and the
// network cut before or during a pull.
import { describe, expect, it } from 'vitest';
import { MemoryNodeStore } from '../kind/node-store.js';
import { fullImage, imageStep, ImagePulls, offlineMessage, type NodeImagesConfig, type PullingContainer } from './image-pulls.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function setup(known: string[] = ['docker.io/library/busybox:latest', 'example.com/a:1', 'example.com/b:1']) {
  const store = new MemoryNodeStore();
  const resolved: string[] = [];
  const network = { offline: false };
  const config: NodeImagesConfig = {
    store,
    source: { resolve: (ref) => (resolved.push(ref), Promise.resolve(known.includes(ref) ? { id: `sha256:${ref.length}`, size: 1000 } : undefined)) },
    offline: () => network.offline,
    pullMs: () => 0,
  };
  const errors: unknown[] = [];
  return { store, resolved, network, pulls: new ImagePulls(config, (e) => errors.push(e)), errors };
}

/** Steps a container until its image is ready or failed, as the kubelet's wake-ups would. */
async function settle(pulls: ImagePulls, c: PullingContainer): Promise<{ step: ReturnType<typeof imageStep>; announced: string[] }> {
  const announced: string[] = [];
  // One wake function for the container's life, as the kubelet's: it resolves the current wait.
  let woke = deferred();
  const wake = (): void => woke.resolve();
  for (;;) {
    const step = imageStep(pulls, c, wake);
    if (step.kind === 'wait' && step.announce) announced.push(step.announce);
    if (step.kind !== 'wait') return { step, announced };
    await woke.promise;
    woke = deferred();
  }
}

describe('node image pulls', () => {
  it('normalises names as containerd does', () => {
    expect(fullImage('busybox')).toBe('docker.io/library/busybox:latest');
    expect(fullImage('curlimages/curl:8.16.0')).toBe('docker.io/curlimages/curl:8.16.0');
    expect(fullImage('127.0.0.1:5000/x')).toBe('127.0.0.1:5000/x:latest');
    expect(offlineMessage('busybox')).toContain('Head "https://registry-1.docker.io/v2/library/busybox/manifests/latest": dial tcp: lookup registry-1.docker.io: no such host');
  });

  it('pulls once for two containers, announces, reports the size, then has it', async () => {
    const { pulls, resolved, store } = setup();
    const [one, two] = await Promise.all([settle(pulls, { image: 'busybox' }), settle(pulls, { image: 'docker.io/library/busybox' })]);
    expect(resolved).toEqual(['docker.io/library/busybox:latest']);
    expect(one.announced).toEqual(['Pulling image "busybox"']);
    expect(one.step).toMatchObject({ kind: 'ready', event: expect.stringMatching(/^Successfully pulled image "busybox" in \d+ms \(\d+ms including waiting\)\. Image size: 1000 bytes\.$/) });
    expect(two.step.kind).toBe('ready');
    expect((await store.list()).map((i) => i.ref)).toEqual(['docker.io/library/busybox:latest']);
    expect((await settle(pulls, { image: 'busybox:latest' })).step).toEqual({ kind: 'ready', event: 'Container image "busybox:latest" already present on machine' });
  });

  it('pulls one image at a time on a node', async () => {
    let active = 0;
    let most = 0;
    const config: NodeImagesConfig = {
      store: new MemoryNodeStore(),
      source: {
        resolve: async () => {
          most = Math.max(most, ++active);
          // Yield a few turns so an overlapping pull would show.
          for (let i = 0; i < 5; i++) await Promise.resolve();
          active--;
          return { id: 'sha256:1', size: 1 };
        },
      },
      offline: () => false,
      pullMs: () => 0,
    };
    const pulls = new ImagePulls(config, () => undefined);
    const results = await Promise.all(['a', 'b', 'c'].map((name) => settle(pulls, { image: `example.com/${name}:1` })));
    expect(results.map((r) => r.step.kind)).toEqual(['ready', 'ready', 'ready']);
    expect(most).toBe(1);
  });

  it('finds what was loaded into the store without pulling', async () => {
    const { pulls, store, resolved } = setup();
    await store.add({ ref: 'example.com/a:1', id: 'sha256:1', size: 5 });
    const { step, announced } = await settle(pulls, { image: 'example.com/a:1' });
    expect(step).toEqual({ kind: 'ready', event: 'Container image "example.com/a:1" already present on machine' });
    expect(announced).toEqual([]);
    expect(resolved).toEqual([]);
  });

  it('fails NotFound for an unknown image and offline while the network is cut, and pulls once it is back', async () => {
    const { pulls, network } = setup();
    expect((await settle(pulls, { image: 'example.com/unknown:1' })).step).toMatchObject({ kind: 'failed', message: expect.stringContaining('code = NotFound') });
    network.offline = true;
    expect((await settle(pulls, { image: 'example.com/b:1' })).step).toMatchObject({ kind: 'failed', message: expect.stringContaining('lookup example.com: no such host') });
    network.offline = false;
    expect((await settle(pulls, { image: 'example.com/b:1' })).step.kind).toBe('ready');
  });
});
