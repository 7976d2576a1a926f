// `istioctl kube-inject` without a cluster renders the classic sidecar (it cannot read kubelet
// versions), native only with ENABLE_NATIVE_SIDECARS=true or the template's own annotation.
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { kubeInject } from './kube-inject.js';

interface Template {
  metadata: { annotations: Record<string, string> };
  spec: { containers: { name: string }[]; initContainers: { name: string; restartPolicy?: string }[] };
}

function deployment(annotations = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-v1}
spec:
  selector: {matchLabels: {app: reviews}}
  template:
    metadata: {labels: {app: reviews, version: v1}${annotations ? `, annotations: {${annotations}}` : ''}}
    spec:
      initContainers: [{name: migrate, image: migrate:1}]
      containers: [{name: reviews, image: reviews:v1}]
`;
}

function injected(manifest: string, env: Record<string, string> = {}): Template {
  const [doc] = parseAllDocuments(kubeInject(manifest, '1.30.3', env)).map((d) => d.toJS() as { spec: { template: Template } });
  if (!doc) throw new Error('no document');
  return doc.spec.template;
}

const shape = (t: Template): string[][] => [t.spec.initContainers.map((c) => `${c.name}${c.restartPolicy ? `:${c.restartPolicy}` : ''}`), t.spec.containers.map((c) => c.name)];

describe('istioctl kube-inject offline', () => {
  it('renders the classic shape by default (ENABLE_NATIVE_SIDECARS=auto has no nodes to check)', () => {
    const template = injected(deployment());
    expect(shape(template)).toEqual([['migrate', 'istio-init'], ['reviews', 'istio-proxy']]);
    expect(JSON.parse(template.metadata.annotations['sidecar.istio.io/status'] ?? '{}')).toMatchObject({ initContainers: ['istio-init'], containers: ['istio-proxy'] });
  });

  it('renders a native sidecar with ENABLE_NATIVE_SIDECARS=true, istio-init and istio-proxy before the pod’s own init containers', () => {
    const template = injected(deployment(), { ENABLE_NATIVE_SIDECARS: 'true' });
    expect(shape(template)).toEqual([['istio-init', 'istio-proxy:Always', 'migrate'], ['reviews']]);
    expect(JSON.parse(template.metadata.annotations['sidecar.istio.io/status'] ?? '{}')).toMatchObject({ initContainers: ['istio-init', 'istio-proxy'], containers: null });
  });

  it('lets the template annotation sidecar.istio.io/nativeSidecar decide either way', () => {
    expect(shape(injected(deployment('sidecar.istio.io/nativeSidecar: "true"')))[1]).toEqual(['reviews']);
    expect(shape(injected(deployment('sidecar.istio.io/nativeSidecar: "false"'), { ENABLE_NATIVE_SIDECARS: 'true' }))[1]).toEqual(['reviews', 'istio-proxy']);
  });

  it('keeps a default-container annotation the template already has', () => {
    const template = injected(deployment('kubectl.kubernetes.io/default-container: migrate'));
    expect(template.metadata.annotations['kubectl.kubernetes.io/default-container']).toBe('migrate');
    expect(template.metadata.annotations['kubectl.kubernetes.io/default-logs-container']).toBe('reviews');
  });

  it('leaves an already injected native template alone', () => {
    const once = kubeInject(deployment(), '1.30.3', { ENABLE_NATIVE_SIDECARS: 'true' });
    expect(kubeInject(once, '1.30.3', { ENABLE_NATIVE_SIDECARS: 'true' })).toBe(once);
  });
});
