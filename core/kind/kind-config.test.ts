// The kind config builder; kind-cli.test.ts checks the rendered file against the kind stand-in.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_NODE_IMAGE, kindClusterConfig, kindContextName, renderKindConfig } from './kind-config';

const base = { name: 'meshdeck', httpHostPort: 8080, httpsHostPort: 8443, httpNodePort: 30080, httpsNodePort: 30443 };

describe('kindClusterConfig', () => {
  it('maps the ingress node ports to host ports on loopback, one control-plane node', () => {
    const config = kindClusterConfig(base);
    expect(config).toEqual({
      kind: 'Cluster',
      apiVersion: 'kind.x-k8s.io/v1alpha4',
      name: 'meshdeck',
      nodes: [
        {
          role: 'control-plane',
          image: DEFAULT_NODE_IMAGE,
          labels: { 'ingress-ready': 'true' },
          extraPortMappings: [
            { containerPort: 30080, hostPort: 8080, listenAddress: '127.0.0.1', protocol: 'TCP' },
            { containerPort: 30443, hostPort: 8443, listenAddress: '127.0.0.1', protocol: 'TCP' },
          ],
        },
      ],
    });
    expect(DEFAULT_NODE_IMAGE).toMatch(/^kindest\/node:v1\.36\.1@sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(config)).not.toContain('kubeadm');
  });

  it('publishes on every interface only when LAN sharing is opted in', () => {
    const addresses = (options: Partial<Parameters<typeof kindClusterConfig>[0]>) =>
      kindClusterConfig({ ...base, ...options }).nodes[0]!.extraPortMappings.map((m) => m.listenAddress);
    expect(addresses({})).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(addresses({ lanSharing: false })).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(addresses({ lanSharing: true })).toEqual(['0.0.0.0', '0.0.0.0']);
    expect(addresses({ listenAddress: '127.0.0.2' })).toEqual(['127.0.0.2', '127.0.0.2']);
  });

  it('takes a node image and extra labels', () => {
    const node = kindClusterConfig({ ...base, nodeImage: 'kindest/node:v1.35.0', nodeLabels: { team: 'a' } }).nodes[0]!;
    expect(node.image).toBe('kindest/node:v1.35.0');
    expect(node.labels).toEqual({ 'ingress-ready': 'true', team: 'a' });
  });

  it('refuses bad names and ports with INVALID_ARGUMENT', () => {
    expect(() => kindClusterConfig({ ...base, name: 'My Cluster' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => kindClusterConfig({ ...base, httpHostPort: 70000 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => kindClusterConfig({ ...base, httpNodePort: 8080 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => kindClusterConfig({ ...base, httpsHostPort: 8080 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => kindClusterConfig({ ...base, httpsNodePort: 30080 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('names the kube context kind-<name>', () => {
    expect(kindContextName('meshdeck')).toBe('kind-meshdeck');
  });
});

describe('renderKindConfig', () => {
  it('round-trips through YAML with the label kept a string', () => {
    const config = kindClusterConfig({ ...base, lanSharing: true });
    const text = renderKindConfig(config);
    expect(parse(text)).toEqual(config);
    expect(text).toContain('ingress-ready: "true"');
  });

});
