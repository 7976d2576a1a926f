import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPack } from './pack-load';

const FIXTURE = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'workshop', 'mini');
const LESSON = 'lessons/01-route-v1.yaml';
const made: string[] = [];

afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A copy of the fixture pack with `file` edited by `edit`. */
async function packWith(file: string, edit: (text: string) => string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'meshdeck-pack-'));
  made.push(dir);
  await cp(FIXTURE, dir, { recursive: true });
  await writeFile(join(dir, file), edit(await readFile(join(dir, file), 'utf8')));
  return dir;
}

async function problemsOf(dir: string): Promise<string[]> {
  const { problems } = await loadPack(dir);
  return problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.field}: ${p.message}`);
}

describe('loadPack', () => {
  it('reads the fixture pack: a lesson from a file with its bodyFile and solution objects, and one inline', async () => {
    const { pack, problems } = await loadPack(FIXTURE);
    expect(problems).toEqual([]);
    expect(pack?.lessons.map((l) => l.id)).toEqual(['route-v1', 'reach-productpage']);
    const [first, second] = pack?.lessons ?? [];
    expect(first?.body).toContain('# All to v1');
    expect(first?.namespaces).toEqual(['default']);
    expect(first?.tasks[0]?.solution.apply[0]).toMatchObject({ kind: 'objects', from: 'objects/reviews-v1.yaml' });
    expect(first?.tasks[0]?.check[1]).toMatchObject({ kind: 'traffic', headers: {}, requests: 30, expect: { tolerance: 5 } });
    expect(second?.tasks[0]?.setup.apply[0]).toEqual({ kind: 'sample', sample: 'samples/curl/curl.yaml', namespace: 'default' });
    expect(second?.tasks[0]?.check[0]).toMatchObject({ expect: { tolerance: 10 } });
  });

  it('refuses bad YAML with its line', async () => {
    const dir = await packWith(LESSON, (t) => t.replace('minutes: 5', 'minutes: [5'));
    expect((await problemsOf(dir))[0]).toMatch(/^lessons\/01-route-v1\.yaml:4:1 : Not valid YAML/);
  });

  it('refuses an unknown field at its key', async () => {
    const dir = await packWith('pack.yaml', (t) => t.replace('version: 0.1.0', 'version: 0.1.0\nauthor: me'));
    expect(await problemsOf(dir)).toEqual(['pack.yaml:6:1 author: unknown field "author"']);
  });

  it('refuses an unknown check kind naming the kinds there are', async () => {
    const dir = await packWith(LESSON, (t) => t.replace('kind: object', 'kind: objekt'));
    expect(await problemsOf(dir)).toEqual(['lessons/01-route-v1.yaml:17:9 tasks[0].check[0].kind: unknown check kind "objekt" (one of object, pods-ready, sidecar, ambient, namespace-label, traffic)']);
  });

  it('refuses a task without checks', async () => {
    const dir = await packWith('pack.yaml', (t) => t.replace(/ {8}check:\n[\s\S]*$/, '        check: []\n'));
    expect(await problemsOf(dir)).toEqual(['pack.yaml:25:16 lessons[1].tasks[0].check: a task needs at least one check']);
  });

  it('refuses a check without its message', async () => {
    const dir = await packWith(LESSON, (t) => t.replace('        message: There is no VirtualService reviews sending everything to subset v1.\n', ''));
    expect(await problemsOf(dir)).toEqual(['lessons/01-route-v1.yaml:17:9 tasks[0].check[0].message: missing field "message"']);
  });

  it('refuses duplicate lesson ids', async () => {
    const dir = await packWith('pack.yaml', (t) => t.replace('id: reach-productpage', 'id: route-v1'));
    expect(await problemsOf(dir)).toEqual(['pack.yaml:12:9 lessons[1].id: duplicate lesson id "route-v1"']);
  });

  it('refuses a solution object that does not fit Istio\'s schema', async () => {
    const dir = await packWith('objects/reviews-v1.yaml', (t) => t.replace('hosts: [reviews]', 'hosts: reviews'));
    const [problem] = await problemsOf(dir);
    expect(problem).toMatch(/^lessons\/01-route-v1\.yaml:\d+:\d+ tasks\[0\]\.solution\.apply\[0\]\.file: VirtualService "reviews" does not fit Istio's schema/);
  });

  it('refuses an object without metadata.name', async () => {
    const dir = await packWith('objects/reviews-v1.yaml', (t) => t.replace('  name: reviews\nspec:\n  hosts', 'spec:\n  hosts'));
    expect((await problemsOf(dir))[0]).toMatch(/tasks\[0\]\.solution\.apply\[0\]\.file: .*has no metadata\.name/);
  });

  it('refuses a file that is not in the pack, and one that leaves the pack folder', async () => {
    const missing = await packWith(LESSON, (t) => t.replace('objects/reviews-v1.yaml', 'objects/nope.yaml'));
    expect(await problemsOf(missing)).toEqual(['lessons/01-route-v1.yaml:36:17 tasks[0].solution.apply[0].file: "objects/nope.yaml" does not exist in the pack']);
    const escaping = await packWith(LESSON, (t) => t.replace('objects/reviews-v1.yaml', '../../etc/passwd'));
    expect(await problemsOf(escaping)).toEqual(['lessons/01-route-v1.yaml:36:17 tasks[0].solution.apply[0].file: "../../etc/passwd" leaves the pack folder; files must be inside it']);
  });

  it('refuses a sample path with .. and, given a release, a sample that is not in it', async () => {
    const dotted = await packWith('pack.yaml', (t) => t.replace('samples/curl/curl.yaml', 'samples/../../curl.yaml'));
    expect((await problemsOf(dotted))[0]).toMatch(/^pack\.yaml:21:23 lessons\[1\]\.tasks\[0\]\.setup\.apply\[0\]\.sample: must match pattern/);
    const release = await mkdtemp(join(tmpdir(), 'meshdeck-release-'));
    made.push(release);
    expect((await loadPack(FIXTURE, { releaseDir: release })).problems.map((p) => `${p.file}:${p.line} ${p.field}: ${p.message}`)).toEqual([
      'pack.yaml:21 lessons[1].tasks[0].setup.apply[0].sample: "samples/curl/curl.yaml" is not a file of the lab\'s Istio release',
    ]);
    await mkdir(join(release, 'samples', 'curl'), { recursive: true });
    await writeFile(join(release, 'samples', 'curl', 'curl.yaml'), 'apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: curl }\n');
    expect((await loadPack(FIXTURE, { releaseDir: release })).problems).toEqual([]);
  });

  it('refuses a source that names two of file, sample and inline', async () => {
    const dir = await packWith(LESSON, (t) => t.replace('        - file: objects/reviews-v1.yaml', '        - file: objects/reviews-v1.yaml\n          sample: samples/x.yaml'));
    expect(await problemsOf(dir)).toEqual(['lessons/01-route-v1.yaml:36:11 tasks[0].solution.apply[0]: give exactly one of file, sample or inline']);
  });

  it('says where a pack folder without pack.yaml is', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshdeck-pack-'));
    made.push(dir);
    expect((await loadPack(dir)).problems[0]?.message).toMatch(/pack\.yaml does not exist/);
  });
});
