import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withLock } from './file-lock';
import { toolDeps } from './tool-deps';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshdeck-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('withLock', () => {
  it('writes the pid while held and removes the lock afterwards', async () => {
    const lock = join(dir, 'x.lock');
    const seen = await withLock(lock, toolDeps(), {}, () => readFile(lock, 'utf8'));
    expect(seen).toBe(`${process.pid}\n`);
    await expect(readFile(lock)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('takes over a lock whose process is gone', async () => {
    const lock = join(dir, 'x.lock');
    await writeFile(lock, '424242\n');
    const deps = toolDeps({ isProcessAlive: () => false });
    await expect(withLock(lock, deps, {}, async () => 'ran')).resolves.toBe('ran');
  });

  it('waits on an empty lock as kind and kubectl leave one while they write, and takes over one left long ago', async () => {
    const lock = join(dir, 'config.lock');
    await writeFile(lock, '');
    setTimeout(() => void rm(lock), 300);
    const started = performance.now();
    await withLock(lock, toolDeps(), {}, async () => undefined);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    await writeFile(lock, '');
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(lock, longAgo, longAgo);
    await expect(withLock(lock, toolDeps(), {}, async () => 'ran')).resolves.toBe('ran');
  });

  it('lets two waiters of one process take turns', async () => {
    const lock = join(dir, 'x.lock');
    const order: string[] = [];
    const hold = (name: string) => withLock(lock, toolDeps(), {}, async () => {
      order.push(`${name} in`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push(`${name} out`);
    });
    await Promise.all([hold('a'), hold('b')]);
    // Either may win the lock first; what matters is that one leaves before the other enters.
    const first = order[0]?.split(' ')[0] === 'b' ? 'b' : 'a';
    const second = first === 'a' ? 'b' : 'a';
    expect(order).toEqual([`${first} in`, `${first} out`, `${second} in`, `${second} out`]);
  });

  it('waits while a live process holds the lock, and can be cancelled while waiting', async () => {
    const lock = join(dir, 'x.lock');
    await writeFile(lock, '424242\n');
    const waits: number[] = [];
    const deps = toolDeps({ isProcessAlive: (pid) => pid === 424242 });
    const started = performance.now();
    setTimeout(() => void rm(lock), 300);
    await withLock(lock, deps, { onWait: (pid) => waits.push(pid) }, async () => undefined);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(waits).toEqual([424242]);

    await writeFile(lock, '424242\n');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(withLock(lock, deps, { signal: controller.signal }, async () => undefined)).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
