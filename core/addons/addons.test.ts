// The addons of the pinned Istio release (samples/addons of the upstream reference files, read at test
// time): the four default files, Grafana made embeddable exactly once with everything else
// untouched, and the image list derived from them. The pure parts also run on small fixtures.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { V1ConfigMap } from '@kubernetes/client-node';
import { parseManifests, type KubeObject, type ManifestObject } from '../kube';
import { describeWithIstioReference } from '../../test/support/reference-suite';
import { allowGrafanaEmbedding } from './grafana-embedding';
import { imagesOf } from './images-of';
import { readAddonObjects, readAddons } from './read-addons';

type Env = Array<{ name: string; value?: string }>;
const grafanaEnv = (objects: ManifestObject[]): Env => {
  const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'grafana') as unknown as { spec: { template: { spec: { containers: Array<{ name: string; env?: Env }> } } } };
  return deployment.spec.template.spec.containers.find((c) => c.name === 'grafana')!.env ?? [];
};

describeWithIstioReference('addons from the Istio release', (reference) => {
  const addonsDir = join(reference, 'samples', 'addons');
  it('reads Prometheus, Grafana, Kiali and Jaeger (not Loki) and allows embedding Grafana exactly once', async () => {
    const addons = await readAddons(addonsDir);
    expect(addons.map((a) => a.name)).toEqual(['prometheus', 'grafana', 'kiali', 'jaeger']);
    const objects = addons.flatMap((a) => a.objects);
    expect(objects.some((o) => o.metadata.name.startsWith('loki'))).toBe(false);
    expect(grafanaEnv(objects).filter((e) => e.name === 'GF_SECURITY_ALLOW_EMBEDDING')).toEqual([{ name: 'GF_SECURITY_ALLOW_EMBEDDING', value: 'true' }]);
    expect(grafanaEnv(objects).map((e) => e.name)).toContain('GF_PATHS_DATA');
    for (const kind of ['Service', 'Deployment']) expect(objects.filter((o) => o.kind === kind).map((o) => o.metadata.name)).toEqual(expect.arrayContaining(['prometheus', 'grafana', 'kiali']));
    expect(objects.find((o) => o.kind === 'Service' && o.metadata.name === 'tracing')).toBeDefined();
  });

  it('leaves every other object exactly as upstream wrote it', async () => {
    const upstream = (await Promise.all(['prometheus', 'grafana', 'kiali', 'jaeger'].map(async (name) => parseManifests(await readFile(join(addonsDir, `${name}.yaml`), 'utf8'), name)))).flat();
    const applied = await readAddonObjects(addonsDir);
    expect(applied).toHaveLength(upstream.length);
    const differing = applied.filter((object, i) => JSON.stringify(object) !== JSON.stringify(upstream[i]));
    expect(differing.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Deployment/grafana']);
  });

  it('lists the images the applied manifests run, matching the pinned release', async () => {
    const images = imagesOf(await readAddonObjects(addonsDir));
    expect(images).toEqual(expect.arrayContaining([
      'docker.io/prom/prometheus:v3.10.0',
      'ghcr.io/prometheus-operator/prometheus-config-reloader:v0.89.0',
      'docker.io/grafana/grafana:12.0.1',
      'quay.io/kiali/kiali:v2.26',
      'docker.io/jaegertracing/jaeger:2.14.0',
    ]));
    expect(new Set(images).size).toBe(images.length);
    expect(images).not.toContain('docker.io/grafana/loki:3.6.5');
    expect(imagesOf(await readAddonObjects(addonsDir, { addons: ['loki'] }))).toContain('docker.io/grafana/loki:3.6.5');
  });

  it('says NOT_FOUND when the release folder lacks a file', async () => {
    await expect(readAddonObjects(join(addonsDir, 'nowhere'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('allowGrafanaEmbedding', () => {
  const deployment = (env?: Env): ManifestObject => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'grafana', namespace: 'istio-system' },
    spec: { template: { spec: { containers: [{ name: 'grafana', image: 'g', ...(env ? { env } : {}) }, { name: 'sidecar', image: 's' }] } } },
  });
  const service: ManifestObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'grafana' } };

  it('adds the variable once, keeps the input unchanged and other objects identical', () => {
    const input = [service, deployment()];
    const before = structuredClone(input);
    const output = allowGrafanaEmbedding(input);
    expect(input).toEqual(before);
    expect(output[0]).toBe(service);
    expect(grafanaEnv(output)).toEqual([{ name: 'GF_SECURITY_ALLOW_EMBEDDING', value: 'true' }]);
    expect(grafanaEnv(allowGrafanaEmbedding(output))).toEqual([{ name: 'GF_SECURITY_ALLOW_EMBEDDING', value: 'true' }]);
    expect(JSON.stringify(output[1])).toContain('"name":"sidecar","image":"s"}');
  });

  it('overrides an upstream value instead of adding a second entry', () => {
    expect(grafanaEnv(allowGrafanaEmbedding([deployment([{ name: 'A', value: '1' }, { name: 'GF_SECURITY_ALLOW_EMBEDDING', value: 'false' }])]))).toEqual([
      { name: 'A', value: '1' },
      { name: 'GF_SECURITY_ALLOW_EMBEDDING', value: 'true' },
    ]);
  });

  it('refuses manifests without a Grafana Deployment', () => {
    expect(() => allowGrafanaEmbedding([service])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('imagesOf', () => {
  it('collects containers and init containers of every pod-bearing kind, once each', () => {
    const pod = (image: string, init?: string) => ({ containers: [{ name: 'c', image }], ...(init ? { initContainers: [{ name: 'i', image: init }] } : {}) });
    const configMap: V1ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'm' }, data: { image: 'not-an-image' } };
    const objects: KubeObject[] = [
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: pod('a') },
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' }, spec: { template: { spec: pod('b', 'init') } } },
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { jobTemplate: { spec: { template: { spec: pod('c') } } } } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { spec: pod('a') } } },
      configMap,
    ];
    expect(imagesOf(objects)).toEqual(['a', 'init', 'b', 'c']);
  });
});
