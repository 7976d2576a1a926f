import { describe, expect, it } from 'vitest';
import { resolveLabConfig } from './lab-config';
import { existingLabConflict, requestForExisting } from './lab-identity';
import { recordFromConfig } from './lab-registry';

const environment = { dataDir: '/data', userKubeconfig: '/home/u/.kube/config' };
const record = (request: Parameters<typeof resolveLabConfig>[0]) => recordFromConfig(resolveLabConfig(request, environment), '2026-01-01T00:00:00.000Z');

describe('an up on a lab that exists', () => {
  it('refuses another port at once, naming what it has and what to do', () => {
    const error = existingLabConflict(record({}), { httpPort: 9090 });
    expect(error).toMatchObject({ code: 'CONFLICT', details: { name: 'meshdeck', options: ['--http-port'] } });
    expect(error?.message).toBe('Lab meshdeck already exists with --http-port 8080. Run `meshdeck down --name meshdeck` first to re-create it on 9090, or leave out --http-port.');
  });

  it('names every option that differs', () => {
    const error = existingLabConflict(record({ name: 'sig', httpsPort: 9443 }), { name: 'sig', httpsPort: 9444, istioVersion: '1.31.1', lanSharing: true });
    expect(error?.message).toContain('with --https-port 9443 and --istio');
    expect(error?.message).toContain('and no --lan');
    expect(error?.message).toContain('`meshdeck down --name sig`');
    expect(error?.message).toContain('or leave out --https-port and --istio and --lan.');
  });

  it('takes what it repeats or leaves out from the record, and lets --merge-kubeconfig be turned on', () => {
    const existing = record({ name: 'sig', httpPort: 9080, httpsPort: 9443 });
    expect(existingLabConflict(existing, { name: 'sig' })).toBeUndefined();
    expect(existingLabConflict(existing, { name: 'sig', httpPort: 9080, mergeKubeconfig: true })).toBeUndefined();
    expect(requestForExisting(existing, { name: 'sig', mergeKubeconfig: true, kindPath: '/opt/kind' })).toEqual({ ...existing.options, mergeKubeconfig: true, kindPath: '/opt/kind' });
  });

  it('refuses a lab by the same name made another way', () => {
    expect(existingLabConflict(record({ context: 'team' }), { name: 'team' })?.message).toMatch(/^Lab team already exists on your cluster \(context team\), so --name team cannot make another lab by that name\./);
    expect(existingLabConflict(record({ name: 'team' }), { context: 'team' })?.message).toContain('`meshdeck down --name team` first');
    expect(existingLabConflict(record({ context: 'team' }), { context: 'team', name: 'other' })).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('Context team already holds lab team.') });
  });
});
