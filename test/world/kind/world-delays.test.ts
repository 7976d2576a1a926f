// MESHDECK_WORLD_DELAYS → the cluster's boot time and the runner's stage and per-pod delays; and
// the kubelet honouring a per-pod rule (a matching pod waits, the others go on).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type KubeObject, type World } from '../index.js';
import { pullMs } from './node-images.js';
import { clusterDelays } from './world-delays.js';

describe('MESHDECK_WORLD_DELAYS', () => {
  it('means no delays when unset or blank', () => {
    expect(clusterDelays(undefined)).toEqual({ clusterMs: 0, stages: {}, pods: [] });
    expect(clusterDelays('  ')).toEqual({ clusterMs: 0, stages: {}, pods: [] });
  });

  it('scales the cluster, stage and per-pod times', () => {
    const delays = clusterDelays(JSON.stringify({ scale: 0.1, cluster: 30_000, stages: { ready: 2500, pull: 15 }, pods: [{ match: '^istio-system/istiod-', ready: 20_000 }] }));
    expect(delays.clusterMs).toBe(3000);
    expect(delays.stages).toEqual({ ready: 250, pull: 2 });
    expect(delays.pods).toHaveLength(1);
    expect(delays.pods[0]?.delays).toEqual({ ready: 2000 });
    expect(delays.pods[0]?.match.test('istio-system/istiod-7d9f-abcde')).toBe(true);
    expect(delays.pods[0]?.match.test('default/istiod-7d9f-abcde')).toBe(false);
  });

  it('models image pulls: bytes from a rule, else defaultBytes, else the real size, at bytesPerSecond times scale', () => {
    const delays = clusterDelays(JSON.stringify({ scale: 0.5, images: { bytesPerSecond: 1000, defaultBytes: 4000, sizes: [{ match: '/pilot:', bytes: 10_000 }] } }));
    expect(pullMs(delays.images, 'registry.istio.io/release/pilot:1.30.5', 123)).toBe(5000);
    expect(pullMs(delays.images, 'docker.io/library/busybox:latest', 123)).toBe(2000);
    const real = clusterDelays(JSON.stringify({ images: { bytesPerSecond: 1000 } }));
    expect(pullMs(real.images, 'docker.io/library/busybox:latest', 1500)).toBe(1500);
    expect(pullMs(clusterDelays(undefined).images, 'docker.io/library/busybox:latest', 1500)).toBe(0);
    expect(() => clusterDelays('{"images": {"bytesPerSecond": 0}}')).toThrow(/images\.bytesPerSecond must be more than 0/);
    expect(() => clusterDelays('{"images": {"bytesPerSecond": 1, "sizes": [{"bytes": 1}]}}')).toThrow(/images\.sizes\[0\]\.match/);
  });

  it('refuses what it cannot use, naming the field', () => {
    expect(() => clusterDelays('{nope')).toThrow(/not JSON/);
    expect(() => clusterDelays('[1]')).toThrow(/JSON object/);
    expect(() => clusterDelays('{"cluster": -1}')).toThrow(/cluster must be a number/);
    expect(() => clusterDelays('{"stages": {"ready": "2s"}}')).toThrow(/stages\.ready/);
    expect(() => clusterDelays('{"pods": [{"ready": 5}]}')).toThrow(/pods\[0\]\.match/);
    expect(() => clusterDelays('{"scale": "fast"}')).toThrow(/scale/);
  });
});

describe('per-pod delays in the world', () => {
  let world: World;
  const ready = (name: string) =>
    ((world.store.get('/pods', 'default', name)?.['status'] as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
  const pod = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'example.test/app:1.0' }] } });

  beforeAll(async () => {
    // An hour for the slow pod: it cannot become Ready while this test runs.
    world = await startWorld({ logLinesPerSecond: 0, podDelays: [{ match: /^default\/slow-/, delays: { ready: 3_600_000 } }] });
  });
  afterAll(async () => {
    await world.stop();
  });

  it('holds a matching pod at its own delay while the others become Ready', async () => {
    world.apply([pod('slow-one'), pod('quick-one')]);
    await new Promise<void>((resolve) => {
      const unsubscribe = world.store.subscribe(() => {
        if (ready('quick-one')) {
          unsubscribe();
          resolve();
        }
      });
      if (ready('quick-one')) resolve();
    });
    const slow = world.store.get('/pods', 'default', 'slow-one')?.['status'] as { phase?: string; containerStatuses?: { state?: { running?: unknown } }[] };
    expect(slow.phase).toBe('Running');
    expect(slow.containerStatuses?.[0]?.state?.running).toBeDefined();
    expect(ready('slow-one')).toBe(false);
  });
});
