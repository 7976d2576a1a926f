// Static serving in browser mode resolves URL paths inside the renderer folder only. The cases
// core/rpc/browser-server.test.ts does not cover: absolute paths (plain and encoded), a symlinked
// folder leading out, double encoding, and a symlink that stays inside (which must still work).
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveStaticPath } from '../../core/rpc/static-files';

describe('resolveStaticPath', () => {
  let dir: string;
  let root: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-static-'));
    root = join(dir, 'renderer');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), 'app');
    await writeFile(join(root, 'assets', 'app.js'), 'js');
    await mkdir(join(dir, 'outside'));
    await writeFile(join(dir, 'outside', 'secret.txt'), 'do not serve');
    await writeFile(join(root, '%2e%2e'), 'a file with an odd name');
    await symlink(join(dir, 'outside'), join(root, 'linked-out'));
    await symlink(join(root, 'assets'), join(root, 'linked-in'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves files inside the folder, through an inside symlink too', async () => {
    expect(await resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
    expect(await resolveStaticPath(root, '/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
    expect(await resolveStaticPath(root, '/linked-in/app.js')).toBe(join(root, 'assets', 'app.js'));
  });

  it('never resolves outside the folder', async () => {
    const secret = join(dir, 'outside', 'secret.txt');
    for (const path of [
      secret,
      `/${secret}`,
      encodeURIComponent(secret),
      `/${encodeURIComponent(secret)}`,
      '/linked-out/secret.txt',
      '/linked-out%2fsecret.txt',
      '/../outside/secret.txt',
      '/assets/../../outside/secret.txt',
      '/%2e%2e/outside/secret.txt',
      '/%252e%252e/outside/secret.txt',
      '/..%2foutside%2fsecret.txt',
      '/..\\outside\\secret.txt',
      '/%5c..%5coutside%5csecret.txt',
      '/index.html%00.js',
      '/%E0%A4%A',
    ]) {
      expect(await resolveStaticPath(root, path), path).not.toBe(secret);
      const resolved = await resolveStaticPath(root, path);
      if (resolved !== undefined) expect(resolved.startsWith(`${root}/`), `${path} → ${resolved}`).toBe(true);
    }
    // An absolute path is read relative to the folder, so it names nothing there.
    expect(await resolveStaticPath(root, `/${secret}`)).toBeUndefined();
    // Decoded once only: %252e%252e is the file literally named %2e%2e, not a parent folder.
    expect(await resolveStaticPath(root, '/%252e%252e')).toBe(join(root, '%2e%2e'));
    expect(await resolveStaticPath(root, '/linked-out/secret.txt')).toBeUndefined();
    expect(await resolveStaticPath(root, '/assets')).toBeUndefined();
  });
});
