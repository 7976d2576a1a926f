import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lessonProgress, ProgressStore } from './progress-store';

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))));

describe('ProgressStore', () => {
  it('keeps progress per lab and pack across instances, with no temp files left behind', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'meshdeck-progress-'));
    dirs.push(dataDir);
    await new ProgressStore(dataDir).update('kind-meshdeck', 'mini', (p) => {
      p.current = 'route-v1';
      lessonProgress(p, 'route-v1').tasks['reviews-v1'] = { passedAt: '2026-12-02T20:00:00.000Z' };
    });
    const again = new ProgressStore(dataDir);
    expect(await again.read('kind-meshdeck', 'mini')).toEqual({ current: 'route-v1', lessons: { 'route-v1': { tasks: { 'reviews-v1': { passedAt: '2026-12-02T20:00:00.000Z' } } } } });
    expect(await again.read('kind-other', 'mini')).toEqual({ current: null, lessons: {} });
    expect(await readdir(join(dataDir, 'workshop', 'kind-meshdeck'))).toEqual(['mini.json']);
  });

  it('reads a damaged file as no progress and remembers opened packs once', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'meshdeck-progress-'));
    dirs.push(dataDir);
    const store = new ProgressStore(dataDir);
    await store.write('lab', 'p', { current: null, lessons: {} });
    await writeFile(join(dataDir, 'workshop', 'lab', 'p.json'), '{ half');
    expect(await store.read('lab', 'p')).toEqual({ current: null, lessons: {} });
    await store.rememberPack('/packs/a');
    await store.rememberPack('/packs/a');
    expect(await store.openedPacks()).toEqual(['/packs/a']);
  });
});
