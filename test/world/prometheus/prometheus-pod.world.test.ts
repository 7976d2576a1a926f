// The addon's Prometheus pod when its ConfigMap comes after its Deployment (MeshDeck applies a
// manifest's objects side by side): like the kubelet, the world starts no container while a
// ConfigMap volume is missing, and starts it once the ConfigMap exists. Before, the container
// failed for good with `configmap "prometheus" not found` and a lab's addons step stalled.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAddonObjects } from '../../../core/addons';
import type { KubeObject } from '../store.js';
import { requireIstioReference } from '../../support/istio-reference';
import { hasPrometheus } from '../../support/requirements';
import { startWorld, type World } from '../index.js';

const prometheusReady = hasPrometheus();

function prometheusPodReady(world: World): boolean {
  return world.store.list('/pods', 'istio-system').some((pod) => {
    const status = (pod['status'] ?? {}) as { conditions?: { type: string; status: string }[] };
    return (pod.metadata.labels?.['app.kubernetes.io/name'] === 'prometheus' || pod.metadata.labels?.['app'] === 'prometheus') && (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
  });
}

function until(world: World, predicate: () => boolean, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (value: boolean) => {
      unsubscribe();
      clearTimeout(timer);
      resolve(value);
    };
    const unsubscribe = world.store.subscribe(() => predicate() && done(true));
    const timer = setTimeout(() => done(predicate()), ms);
    if (predicate()) done(true);
  });
}

describe.runIf(prometheusReady)('the Prometheus pod and its ConfigMap', () => {
  let world: World;
  let objects: KubeObject[];

  beforeAll(async () => {
    world = await startWorld();
    const addons = join(requireIstioReference('The Prometheus pod test'), 'samples', 'addons');
    objects = (await readAddonObjects(addons) as unknown as KubeObject[]).filter((o) => (o.metadata?.labels?.['app.kubernetes.io/name'] ?? o.metadata?.labels?.['app']) === 'prometheus' || o.kind === 'Namespace');
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('waits for a ConfigMap that comes after the Deployment, then starts and gets ready', async () => {
    world.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } }]);
    const withNamespace = (o: KubeObject): KubeObject => ({ ...o, metadata: { ...o.metadata, namespace: o.metadata.namespace ?? 'istio-system' } });
    const configMaps = objects.filter((o) => o.kind === 'ConfigMap').map(withNamespace);
    expect(configMaps.map((o) => o.metadata?.name)).toContain('prometheus');
    world.apply(objects.filter((o) => o.kind !== 'ConfigMap' && o.kind !== 'Namespace').map(withNamespace));
    expect(await until(world, () => prometheusPodReady(world), 2000)).toBe(false);
    const waiting = JSON.stringify(world.store.list('/pods', 'istio-system').map((p) => p['status']));
    expect(waiting).not.toContain('RunContainerError');
    world.apply(configMaps);
    expect(await until(world, () => prometheusPodReady(world), 30_000)).toBe(true);
  }, 60_000);
});
