import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveLabConfig } from './lab-config';
import { findRecord, forgetLab, readRegistry, recallLab, recordFromConfig, saveRecord, setCurrentLab } from './lab-registry';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshdeck-registry-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const environment = () => ({ dataDir: dir, userKubeconfig: join(dir, 'user-config') });
const record = (request: Parameters<typeof resolveLabConfig>[0]) => recordFromConfig(resolveLabConfig(request, environment()), '2026-01-01T00:00:00.000Z');

describe('the lab registry', () => {
  it('keeps one record per lab, owner-only, and which lab is current', async () => {
    await saveRecord(dir, record({ name: 'one', httpPort: 9080, httpsPort: 9443 }));
    await saveRecord(dir, record({ context: 'team-cluster' }));
    expect(readRegistry(dir).current).toBeUndefined();
    await setCurrentLab(dir, 'one');
    const registry = readRegistry(dir);
    expect(registry.current).toBe('one');
    expect(registry.records.map((r) => [r.name, r.provider, r.context, r.options.httpPort])).toEqual([
      ['one', 'kind', 'kind-one', 9080],
      ['team-cluster', 'context', 'team-cluster', 8080],
    ]);
    expect(statSync(join(dir, 'labs', 'one', 'lab.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'labs', 'current.json')).mode & 0o777).toBe(0o600);
    // Atomic writes leave no temp files behind.
    expect(await readdir(join(dir, 'labs', 'one'))).toEqual(['lab.json']);
    expect(await recallLab(dir)).toMatchObject({ name: 'one', httpPort: 9080, httpsPort: 9443 });
  });

  it('finds a lab by name, by context, or the current one', async () => {
    await saveRecord(dir, record({ name: 'one' }));
    await saveRecord(dir, record({ context: 'team-cluster' }));
    await setCurrentLab(dir, 'team-cluster');
    const registry = readRegistry(dir);
    expect(findRecord(registry, { name: 'one' })?.context).toBe('kind-one');
    expect(findRecord(registry, { context: 'team-cluster' })?.name).toBe('team-cluster');
    expect(findRecord(registry, {})?.name).toBe('team-cluster');
    expect(findRecord(registry, { name: 'two' })).toBeUndefined();
    expect(findRecord(registry, { context: 'kind-one' })).toBeUndefined();
  });

  it('forgets a lab with what it noted it installed; the current lab then is none', async () => {
    await saveRecord(dir, record({ context: 'team-cluster' }));
    await setCurrentLab(dir, 'team-cluster');
    await writeFile(join(dir, 'labs', 'team-cluster', 'installed.json'), '{"istio":true,"objects":[]}\n');
    await forgetLab(dir, 'team-cluster');
    expect(readRegistry(dir)).toEqual({ records: [] });
    expect(existsSync(join(dir, 'labs', 'team-cluster', 'installed.json'))).toBe(false);
    expect(await recallLab(dir)).toEqual({});
  });

  it('reads wave 1’s lab.json as the current lab, and moves it into the registry on the first write', async () => {
    await writeFile(join(dir, 'lab.json'), `${JSON.stringify({ name: 'workshop', httpPort: 9090, mergeKubeconfig: true })}\n`, { mode: 0o600 });
    const before = readRegistry(dir);
    expect(before.current).toBe('workshop');
    expect(before.records).toEqual([expect.objectContaining({ name: 'workshop', provider: 'kind', context: 'kind-workshop', options: expect.objectContaining({ httpPort: 9090, httpsPort: 8443, mergeKubeconfig: true }) })]);
    expect(await recallLab(dir)).toMatchObject({ name: 'workshop', httpPort: 9090 });

    await saveRecord(dir, record({ name: 'second' }));
    expect(existsSync(join(dir, 'lab.json'))).toBe(false);
    const after = readRegistry(dir);
    expect(after.current).toBe('workshop');
    expect(after.records.map((r) => r.name)).toEqual(['second', 'workshop']);
    expect(JSON.parse(await readFile(join(dir, 'labs', 'workshop', 'lab.json'), 'utf8'))).toMatchObject({ name: 'workshop', options: { httpPort: 9090 } });
  });

  it('reads a wave-1 --context lab (the world lab’s lab.json) as a lab on that context', async () => {
    await writeFile(join(dir, 'lab.json'), `${JSON.stringify({ context: 'kind-meshdeck', httpPort: 41234 })}\n`);
    expect(findRecord(readRegistry(dir), {})).toMatchObject({ name: 'kind-meshdeck', provider: 'context', context: 'kind-meshdeck', options: { httpPort: 41234 } });
  });

  it('skips records it cannot read instead of failing', async () => {
    await mkdir(join(dir, 'labs', 'broken'), { recursive: true });
    await writeFile(join(dir, 'labs', 'broken', 'lab.json'), '{ not json');
    await mkdir(join(dir, 'labs', 'elsewhere'), { recursive: true });
    await writeFile(join(dir, 'labs', 'elsewhere', 'lab.json'), JSON.stringify(record({ name: 'other' })));
    await writeFile(join(dir, 'labs', 'current.json'), '{"name":"broken"}');
    expect(readRegistry(dir)).toEqual({ records: [] });
  });
});

describe('which lab a selector means', () => {
  it('uses that lab’s own record (ports, version, provider), not the current lab’s options with the name swapped', async () => {
    const { labFor } = await import('./create-lab-service');
    await saveRecord(dir, record({ name: 'current', httpPort: 9080, httpsPort: 9443, istioVersion: '1.31.1' }));
    await saveRecord(dir, record({ name: 'other', httpPort: 9180, httpsPort: 9543 }));
    await saveRecord(dir, record({ context: 'team-cluster', httpPort: 9280, httpsPort: 9643 }));
    await setCurrentLab(dir, 'current');
    expect(labFor(dir, environment(), {}).config).toMatchObject({ name: 'current', httpPort: 9080, istioVersion: '1.31.1' });
    expect(labFor(dir, environment(), { name: 'other' }).config).toMatchObject({ name: 'other', provider: 'kind', context: 'kind-other', httpPort: 9180, httpsPort: 9543 });
    expect(labFor(dir, environment(), { name: 'other' }).config.istioVersion).not.toBe('1.31.1');
    expect(labFor(dir, environment(), { context: 'team-cluster' }).config).toMatchObject({ provider: 'context', httpPort: 9280, kubeconfigPath: join(dir, 'user-config') });
    // A lab it does not know: the defaults with that name, and no record.
    const unknown = labFor(dir, environment(), { name: 'new' });
    expect(unknown.record).toBeUndefined();
    expect(unknown.config).toMatchObject({ name: 'new', httpPort: 8080 });
  });
});
