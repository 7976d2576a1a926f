import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findKubernetesReference, kubernetesBesideRepo } from './kubernetes-reference';

describe('findKubernetesReference', () => {
  it('refuses an env var that names a folder without the .proto files', () => {
    const empty = mkdtempSync(join(tmpdir(), 'meshdeck-no-protos-'));
    expect(() => findKubernetesReference({ MESHDECK_KUBERNETES_REFERENCE: empty })).toThrow(/has no k8s\.io\/api\/core\/v1\/generated\.proto/);
  });

  it('takes the env var first, then the folder beside the repository', () => {
    const beside = findKubernetesReference({});
    expect(beside === undefined || beside === kubernetesBesideRepo).toBe(true);
    if (beside) expect(findKubernetesReference({ MESHDECK_KUBERNETES_REFERENCE: beside })).toBe(beside);
  });
});
