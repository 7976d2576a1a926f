// The lab's images read from the upstream release files: Istio's from `istioctl manifest generate`
// output (rendered here by the test world's istioctl, which prints what the real one prints for
// the lab's overlay), the sidecar image from the injector's values, Bookinfo, addons, curl, node.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { istioOverlay, renderIstioOverlay } from '../istio';
import { DEFAULT_NODE_IMAGE } from '../kind';
import { DEFAULT_ISTIO_VERSION } from '../tools';
import { describeWithIstioReference } from '../../test/support/reference-suite';
import { overlaySpecs, resolveInstallSpec } from '../../test/world/istioctl/install-spec';
import { renderComponents } from '../../test/world/istioctl/istio-manifests';
import { istioImagesOf, labImageInventory, proxyImageOf } from './inventory';

/** `istioctl manifest generate -f <overlay>` as the test world's istioctl prints it. */
function manifestOf(overlayText: string, version: string): string {
  const spec = resolveInstallSpec(overlaySpecs(overlayText, 'overlay.yaml'), [], version);
  return renderComponents(spec, version)
    .flatMap((component) => component.objects)
    .map((object) => stringify(object))
    .join('---\n');
}

const injector = (values: object, name = 'istio-sidecar-injector'): string => stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'istio-system' }, data: { values: JSON.stringify(values), config: 'policy: enabled\n' } });

describe('proxyImageOf', () => {
  it('follows the injector: hub/proxyv2:tag, a chosen image, a variant, a full reference', () => {
    expect(proxyImageOf({ global: { hub: 'registry.istio.io/release', tag: '1.30.5' } })).toBe('registry.istio.io/release/proxyv2:1.30.5');
    expect(proxyImageOf({ global: { hub: 'docker.io/istio', tag: '1.31.1', proxy: { image: 'proxyv2' }, variant: 'distroless' } })).toBe('docker.io/istio/proxyv2:1.31.1-distroless');
    expect(proxyImageOf({ global: { hub: 'docker.io/istio', tag: '1.31.1', variant: 'default' } })).toBe('docker.io/istio/proxyv2:1.31.1');
    expect(proxyImageOf({ global: { hub: 'h', tag: '1', proxy: { image: 'mirror.local/istio/proxyv2:custom' } } })).toBe('mirror.local/istio/proxyv2:custom');
    expect(proxyImageOf({ global: { tag: '1' } })).toBeUndefined();
  });
});

describe('istioImagesOf', () => {
  it('leaves out the "auto" images that injection fills in and adds one sidecar image per revision', () => {
    const gateway = stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'gw' }, spec: { template: { spec: { containers: [{ name: 'istio-proxy', image: 'auto' }] } } } });
    const istiod = stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'istiod' }, spec: { template: { spec: { containers: [{ name: 'discovery', image: 'docker.io/istio/pilot:1.31.1' }] } } } });
    const text = [istiod, gateway, injector({ global: { hub: 'docker.io/istio', tag: '1.31.1' } }), injector({ global: { hub: 'docker.io/istio', tag: '1.31.0' } }, 'istio-sidecar-injector-canary')].join('---\n');
    expect(istioImagesOf(text)).toEqual(['docker.io/istio/pilot:1.31.1', 'docker.io/istio/proxyv2:1.31.1', 'docker.io/istio/proxyv2:1.31.0']);
  });
});

describeWithIstioReference('labImageInventory (upstream release files)', (reference) => {
  let dir: string;
  let overlayPath: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-inventory-'));
    overlayPath = join(dir, 'istio-overlay.yaml');
    await writeFile(overlayPath, renderIstioOverlay(istioOverlay({ profile: 'demo', httpNodePort: 30080, httpsNodePort: 30443 })));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const istioctl = (version: string) => ({ manifestGenerate: async (path: string) => manifestOf(await readFile(path, 'utf8'), version) });

  it('lists the node image first, then pilot and proxyv2, six Bookinfo images, the addons and curl', async () => {
    const needs = await labImageInventory({ release: { samplesDir: join(reference, 'samples') }, overlayPath, istioctl: istioctl(DEFAULT_ISTIO_VERSION), nodeImage: DEFAULT_NODE_IMAGE });
    expect(needs[0]).toEqual({ ref: DEFAULT_NODE_IMAGE, source: 'node' });
    const of = (source: string) => needs.filter((need) => need.source === source).map((need) => need.ref);
    expect(of('istio')).toEqual([`registry.istio.io/release/pilot:${DEFAULT_ISTIO_VERSION}`, `registry.istio.io/release/proxyv2:${DEFAULT_ISTIO_VERSION}`]);
    expect(of('bookinfo')).toHaveLength(6);
    expect(of('bookinfo').every((ref) => /^registry\.istio\.io\/release\/examples-bookinfo-[a-z]+-v\d:1\.20\.3$/.test(ref))).toBe(true);
    expect(of('addons')).toEqual(
      expect.arrayContaining([expect.stringMatching(/prom\/prometheus:v/), expect.stringMatching(/prometheus-config-reloader:v/), expect.stringMatching(/grafana\/grafana:/), expect.stringMatching(/kiali\/kiali:v/), expect.stringMatching(/jaegertracing\/jaeger:/)]),
    );
    expect(of('addons').some((ref) => ref.includes('loki'))).toBe(false);
    expect(of('curl')).toEqual([expect.stringMatching(/^(docker\.io\/)?curlimages\/curl:/)]);
    expect(new Set(needs.map((need) => need.ref)).size).toBe(needs.length);
  });

  it('has no node image on the user\'s own cluster, and Loki only when asked', async () => {
    const needs = await labImageInventory({ release: { samplesDir: join(reference, 'samples') }, overlayPath, istioctl: istioctl('1.31.1'), addons: ['prometheus', 'loki'] });
    expect(needs.some((need) => need.source === 'node')).toBe(false);
    expect(needs.filter((need) => need.source === 'istio').map((need) => need.ref)).toEqual(['docker.io/istio/pilot:1.31.1', 'docker.io/istio/proxyv2:1.31.1']);
    expect(needs.some((need) => need.ref.includes('grafana/loki'))).toBe(true);
    expect(needs.some((need) => need.ref.includes('kiali'))).toBe(false);
  });
});
