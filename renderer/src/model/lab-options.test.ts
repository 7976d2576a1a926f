import { describe, expect, it } from 'vitest';
import { METHOD_PARAMS } from '../../../core/contract';
import type { KubeContextInfo } from '../../../core/contract';
import { checkLabOptions, contextHint, defaultDraft, describeOptions, draftFromOptions, labSelector, type LabOptionsDraft } from './lab-options';

function check(change: Partial<LabOptionsDraft>) {
  return checkLabOptions({ ...defaultDraft, ...change });
}

describe('checkLabOptions', () => {
  it('sends nothing for an untouched form, so the core applies its own defaults', () => {
    expect(checkLabOptions(defaultDraft)).toEqual({ ok: true, options: {} });
  });

  it('sends only what differs from the defaults', () => {
    expect(check({ name: 'workshop', istioVersion: '1.31.1', httpPort: '9080', httpsPort: ' 9443 ' })).toEqual({
      ok: true,
      options: { name: 'workshop', istioVersion: '1.31.1', httpPort: 9080, httpsPort: 9443 },
    });
  });

  it.each([
    ['', 'Give the cluster a name'],
    ['MeshDeck', 'lower-case'],
    ['-mesh', 'Start and end'],
    ['mesh-', 'Start and end'],
    ['mesh_deck', 'only lower-case letters, digits and -'],
    ['a'.repeat(64), 'At most 63'],
  ])('refuses the cluster name %j', (name, words) => {
    const result = check({ name });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.name).toContain(words);
  });

  it.each(['0', '65536', '80.5', '-1', 'http', ''])('refuses the port %j', (port) => {
    const result = check({ httpPort: port });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors)).toEqual(['httpPort']);
  });

  it('refuses the same port for HTTP and HTTPS', () => {
    const result = check({ httpPort: '8443' });
    expect(result.ok ? null : result.errors).toEqual({ httpsPort: 'Use a different port than for HTTP.' });
  });

  it('uses an existing context instead of a cluster name, and refuses a context with spaces', () => {
    expect(check({ context: 'kind-work', name: 'NOT VALID' })).toEqual({ ok: true, options: { context: 'kind-work' } });
    const spaced = check({ context: 'my cluster' });
    expect(spaced.ok ? null : spaced.errors.context).toContain('no spaces');
  });

  it('agrees with the contract schema on every accepted and refused name', () => {
    const schema = METHOD_PARAMS['lab.up'];
    for (const name of ['meshdeck', 'a', 'a-b-1', '1mesh', 'Mesh', 'a_b', '-a', 'a-', 'x'.repeat(63), 'x'.repeat(64)]) {
      const ours = check({ name });
      let contractAccepts = true;
      try {
        schema.parse({ name }, 'params');
      } catch {
        contractAccepts = false;
      }
      expect(ours.ok, name).toBe(contractAccepts);
    }
  });

  it('round-trips options through the form', () => {
    const options = { name: 'workshop', istioVersion: '1.31.1', httpPort: 9080, httpsPort: 9443 };
    expect(checkLabOptions(draftFromOptions(options))).toEqual({ ok: true, options });
    const merged = { name: 'workshop', mergeKubeconfig: true };
    expect(checkLabOptions(draftFromOptions(merged))).toEqual({ ok: true, options: merged });
  });

  it('sends mergeKubeconfig only when ticked, and only for a kind cluster', () => {
    expect(check({ mergeKubeconfig: true })).toEqual({ ok: true, options: { mergeKubeconfig: true } });
    expect(check({ mergeKubeconfig: false })).toEqual({ ok: true, options: {} });
    expect(check({ mergeKubeconfig: true, context: 'team-cluster' })).toEqual({ ok: true, options: { context: 'team-cluster' } });
    expect(() => METHOD_PARAMS['lab.up'].parse({ mergeKubeconfig: true }, 'params')).not.toThrow();
    expect(describeOptions({ mergeKubeconfig: true })).toContain('added to your kubeconfig');
    expect(describeOptions({ mergeKubeconfig: true, context: 'x' })).not.toContain('kubeconfig');
  });
});

describe('labSelector', () => {
  it('asks about the context, the named cluster, or the default one', () => {
    expect(labSelector({ context: 'ctx', name: 'x' })).toEqual({ context: 'ctx' });
    expect(labSelector({ name: 'workshop', httpPort: 9000 })).toEqual({ name: 'workshop' });
    expect(labSelector({})).toEqual({});
  });
});

describe('contextHint', () => {
  const contexts: KubeContextInfo[] = [
    { name: 'team-cluster', cluster: 'team', server: 'https://team.example.com:6443', current: true },
    { name: 'broken', cluster: 'gone', server: '', current: false },
  ];

  it('shows the server of the picked context', () => {
    const hint = contextHint({ kind: 'loaded', contexts }, ' team-cluster ');
    expect(hint).toContain('https://team.example.com:6443');
    expect(hint).toContain('your current context');
    expect(contextHint({ kind: 'loaded', contexts }, 'broken')).toContain('no API server');
  });

  it('says when a typed name is not in the kubeconfig, without refusing it', () => {
    expect(contextHint({ kind: 'loaded', contexts }, 'typo')).toContain('Not a context of your kubeconfig (it has team-cluster, broken)');
    expect(checkLabOptions({ ...defaultDraft, context: 'typo' }).ok).toBe(true);
  });

  it('tells what can be picked, or why nothing can', () => {
    expect(contextHint({ kind: 'loaded', contexts }, '')).toContain('pick one of the 2 contexts');
    expect(contextHint({ kind: 'loaded', contexts: [] }, '')).toContain('no contexts');
    expect(contextHint({ kind: 'loading', contexts: [] }, '')).toContain('Reading');
    expect(contextHint({ kind: 'error', error: { code: 'INVALID_ARGUMENT', message: 'Your kubeconfig at /k cannot be read.' } }, '')).toContain('/k cannot be read');
    expect(contextHint({ kind: 'unknown' }, '')).toContain('Leave empty to create a kind cluster');
  });
});
