import { describe, expect, it } from 'vitest';
import { AppError } from '../contract';
import { parseManifests } from './manifests';
import { diagnosePods } from './diagnose';
import { isDeploymentAvailable } from './resources/deployment';

describe('parseManifests', () => {
  it('skips empty documents and expands List kinds', () => {
    const text = `---
# only a comment
---
apiVersion: v1
kind: ConfigMap
metadata: {name: a}
---
---
apiVersion: v1
kind: List
items:
  - {apiVersion: v1, kind: Service, metadata: {name: b}}
  - {apiVersion: apps/v1, kind: Deployment, metadata: {name: c, namespace: x}}
`;
    expect(parseManifests(text).map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual(['ConfigMap/a', 'Service/b', 'Deployment/c']);
  });

  it('rejects documents without kind or name and broken YAML with INVALID_ARGUMENT', () => {
    expect(() => parseManifests('apiVersion: v1\nmetadata: {name: a}\n', 'f.yaml')).toThrow(AppError);
    expect(() => parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n')).toThrow(/metadata.name/);
    try {
      parseManifests('a: [1, 2\nb: c', 'bad.yaml');
      expect.unreachable();
    } catch (err) {
      expect((err as AppError).code).toBe('INVALID_ARGUMENT');
      expect((err as AppError).message).toContain('bad.yaml');
    }
  });
});

describe('pure helpers', () => {
  it('counts a Deployment available only when the new generation is rolled out', () => {
    const d = { metadata: { generation: 2 }, spec: { replicas: 2 }, status: { observedGeneration: 1, updatedReplicas: 2, availableReplicas: 2 } };
    expect(isDeploymentAvailable(d)).toBe(false);
    expect(isDeploymentAvailable({ ...d, status: { ...d.status, observedGeneration: 2 } })).toBe(true);
    expect(isDeploymentAvailable({ ...d, status: { observedGeneration: 2, updatedReplicas: 2, availableReplicas: 1 } })).toBe(false);
  });

  it('explains an unschedulable pod with the scheduler message', () => {
    const pod = { metadata: { name: 'p' }, spec: {}, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] } };
    const event = { type: 'Warning', reason: 'FailedScheduling', message: '0/1 nodes are available: 1 Insufficient memory.', involvedObject: { kind: 'Pod', name: 'p' } };
    const [finding] = diagnosePods([pod], [event]);
    expect(finding?.reason).toBe('Insufficient memory');
    expect(finding?.text).toContain('Insufficient memory');
    expect(finding?.next).toMatch(/memory/);
  });
});
