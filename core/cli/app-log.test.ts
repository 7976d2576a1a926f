// The CLI's app log: owner-only, bounded by rotation, and an error's whole cause chain.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliLogPath } from '../paths';
import { describeWithCauses, openAppLog } from './app-log';

describe('the CLI app log', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lives in <dataDir>/logs, is 0600, and rotates to cli.log.1 past its bound', async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-app-log-'));
    const path = cliLogPath(dir);
    expect(path).toBe(join(dir, 'logs', 'cli.log'));
    const log = openAppLog(path, 200);
    for (let i = 0; i < 6; i++) log.write(`line ${i} ${'x'.repeat(40)}`);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'logs'))).mode & 0o777).toBe(0o700);
    const current = await readFile(path, 'utf8');
    const rotated = await readFile(`${path}.1`, 'utf8');
    expect(current.length).toBeLessThan(400);
    expect(current).toMatch(/line 5/);
    expect(rotated).toMatch(/^\d{4}-\d\d-\d\dT.* \[\d+\] line \d/);
  });

  it('never fails the command when it cannot write', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'meshdeck-app-log-'));
    dir = folder;
    // The data folder is a file: nothing can be created under it.
    await writeFile(join(folder, 'data'), '');
    expect(() => openAppLog(cliLogPath(join(folder, 'data'))).write('x')).not.toThrow();
  });

  it('describes an error with its stack and every cause', () => {
    const error = new Error('top', { cause: new Error('middle', { cause: 'the bottom' }) });
    const text = describeWithCauses(error);
    expect(text).toMatch(/^Error: top\n\s+at /);
    expect(text).toContain('caused by: Error: middle');
    expect(text).toContain('caused by: the bottom');
  });
});
