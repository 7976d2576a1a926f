// kind's config decoding and validation, with kind's own error texts.
import { describe, expect, it } from 'vitest';
import { KindConfigError, nodeNames, parseKindConfig, validateKindConfig } from './kind-config.js';

const header = 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n';

function problem(yaml: string, name = 'x'): string | undefined {
  const config = parseKindConfig(header + yaml);
  config.name = name;
  return validateKindConfig(config);
}

describe('kind config', () => {
  it('defaults like kind: one control-plane, listenAddress 0.0.0.0, TCP', () => {
    const config = parseKindConfig(`${header}nodes:\n- role: control-plane\n  extraPortMappings:\n  - containerPort: 30080\n    hostPort: 8080\n`);
    expect(config.nodes[0]!.extraPortMappings[0]).toEqual({ containerPort: 30080, hostPort: 8080, listenAddress: '0.0.0.0', protocol: 'TCP' });
    expect(config.networking.apiServerAddress).toBe('127.0.0.1');
    expect(parseKindConfig(undefined).nodes).toHaveLength(1);
  });

  it('decodes strictly: unknown fields and wrong types, with lines', () => {
    const text = `${header}nodes:\n- role: control-plane\n  extraPortMapping: []\nnetworking:\n  apiServerPort: "6443"\n`;
    expect(() => parseKindConfig(text)).toThrow(
      new KindConfigError('unable to decode config: yaml: unmarshal errors:\n  line 5: field extraPortMapping not found in type v1alpha4.Node\n  line 7: cannot unmarshal !!str `6443` into int32'),
    );
    expect(() => parseKindConfig('kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha3\n')).toThrow('unknown apiVersion: kind.x-k8s.io/v1alpha3');
  });

  it('validates roles, ports and duplicate mappings with kind messages', () => {
    expect(problem('nodes:\n- role: master\n')).toBe('[invalid configuration for node 0: "master" is not a valid node role, must have at least one control-plane node]');
    expect(problem('nodes:\n- role: control-plane\n  extraPortMappings:\n  - {containerPort: 70000, hostPort: 80}\n')).toBe(
      'invalid configuration for node 0: invalid containerPort: invalid port number: 70000',
    );
    const duplicate = 'nodes:\n- role: control-plane\n  extraPortMappings:\n  - {containerPort: 30080, hostPort: 8080, listenAddress: 127.0.0.1}\n  - {containerPort: 30081, hostPort: 8080}\n';
    expect(problem(duplicate)).toBe(
      'invalid configuration for node 0: invalid portMapping: port mapping with same listen address, port and protocol already configured: 0.0.0.0:8080/TCP',
    );
    expect(problem('', 'Bad_Name')).toMatch(/^'Bad_Name' is not a valid cluster name/);
  });

  it('names nodes the way kind does', () => {
    const config = parseKindConfig(`${header}name: lab\nnodes:\n- role: control-plane\n- role: worker\n- role: worker\n`);
    expect(nodeNames(config)).toEqual(['lab-control-plane', 'lab-worker', 'lab-worker2']);
  });
});
