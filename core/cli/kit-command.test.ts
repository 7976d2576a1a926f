// `meshdeck kit …` and `up --offline` in-process over a real core: the kit service on a test
// MESHDECK_HOME with the world's release mirror (a lab with no images, so no Docker), usage
// errors exit 2, a damaged kit exits 1 naming the part, and --offline reaches lab.up.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMirror, type Mirror } from '../../test/world/mirror/index';
import { runInProcess } from '../../test/cli/cli-harness';
import type { MethodParams } from '../contract';
import { KitService, openKit, type KitDeps, type KitImages } from '../kit';

let mirror: Mirror;
let work: string;
const noImages: KitImages = {
  inventory: () => Promise.resolve([]),
  inspect: (refs) => Promise.resolve(new Map(refs.map((ref) => [ref, undefined]))),
  pull: () => Promise.reject(new Error('no image to pull')),
  save: () => Promise.reject(new Error('no image to save')),
  load: () => Promise.reject(new Error('no image to load')),
};
const kitDeps = (): KitDeps => ({ dataDir: join(work, 'home'), mirror: mirror.url, platform: 'linux', arch: 'x64', istioVersion: '1.30.5', meshdeckVersion: '0.0.0-test', images: noImages });
const kit = { kit: (tasks: ConstructorParameters<typeof KitService>[0]) => new KitService(tasks, kitDeps, () => work) };

beforeAll(async () => {
  mirror = await startMirror({ istioVersions: ['1.30.5'] });
  work = await mkdtemp(join(tmpdir(), 'meshdeck-kit-cli-'));
});
afterAll(async () => {
  await mirror.stop();
  await rm(work, { recursive: true, force: true });
});

describe('meshdeck kit', () => {
  it.each([
    [['kit'], 'kit needs an action'],
    [['kit', 'pack', 'x.kit'], 'kit has no action "pack"'],
    [['kit', 'export'], 'kit export needs a FILE'],
    [['kit', 'import', 'a.kit', 'b.kit'], 'takes one FILE'],
    [['kit', 'import', 'a.kit', '--force'], '--force is for kit export'],
    [['kit', 'inspect', 'a.kit', '--level', '3'], 'unknown option --level'],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const result = await runInProcess(argv, kit);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('exports with progress lines, refuses to overwrite without --force, and inspects the manifest', async () => {
    const exported = await runInProcess(['kit', 'export', 'lab.kit'], kit);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/\[ *\d+%\] Writing [^\n]+ of [\d.]+ MB\n/);
    expect(exported.stdout).toContain(`Wrote ${join(work, 'lab.kit')}: 4 parts.`);
    const again = await runInProcess(['kit', 'export', 'lab.kit'], kit);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists. Choose another file, or replace it with --force');
    expect((await runInProcess(['kit', 'export', 'lab.kit', '--force', '--json'], kit)).code).toBe(0);
    const inspected = await runInProcess(['kit', 'inspect', join(work, 'lab.kit'), '--json'], kit);
    expect(inspected.code).toBe(0);
    expect(JSON.parse(inspected.stdout)).toEqual((await openKit(join(work, 'lab.kit'))).manifest);
    const text = await runInProcess(['kit', 'inspect', join(work, 'lab.kit')], kit);
    expect(text.stdout).toMatch(/for linux\/amd64; kind v0\.32\.0, Istio 1\.30\.5; 4 parts/);
    expect(text.stdout).toMatch(/gateway-api-crds +1\.3 MB {2}experimental-install\.yaml/);
  });

  it('refuses a damaged kit on import with exit 1, naming the part', async () => {
    const bytes = await readFile(join(work, 'lab.kit'));
    const { entries } = await openKit(join(work, 'lab.kit'));
    bytes[entries.get('tools/kind-linux-amd64')!.offset]! ^= 0x01;
    await writeFile(join(work, 'bad.kit'), bytes);
    const result = await runInProcess(['kit', 'import', 'bad.kit', '--json'], kit);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ state: 'failed', error: { code: 'KIT_INVALID', message: expect.stringContaining('kind (kind-linux-amd64) at tools/kind-linux-amd64') } });
  });
});

describe('meshdeck up --offline', () => {
  it('asks the lab for an offline up and names --offline in the command that continues', async () => {
    const requests: MethodParams<'lab.up'>[] = [];
    const result = await runInProcess(['up', '--offline', '--json'], {
      lab: (tasks) => ({
        upWith: (request) => {
          requests.push(request);
          return tasks.start('lab-up', 'Stand-in', () => Promise.reject(new Error('stand-in')));
        },
        status: () => Promise.reject(new Error('no status')),
      }),
    });
    expect(requests).toEqual([{ offline: true }]);
    expect(result.code).toBe(1);
  });
});
