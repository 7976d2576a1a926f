import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_CSP, RENDERER_ENTRY_URL, rendererAnswer, rendererPathOf } from './renderer-protocol';

describe('rendererPathOf', () => {
  it('reads the path of app://meshdeck URLs only', () => {
    expect(rendererPathOf(RENDERER_ENTRY_URL)).toBe('/index.html');
    expect(rendererPathOf('app://meshdeck/assets/index-abc.js?v=1')).toBe('/assets/index-abc.js');
    expect(rendererPathOf('app://meshdeck')).toBe('/');
    for (const url of ['app://other/index.html', 'app://meshdeck:1234/index.html', 'app://me:pw@meshdeck/index.html', 'file:///index.html', 'https://meshdeck/index.html', 'not a url']) {
      expect(rendererPathOf(url), url).toBeUndefined();
    }
  });
});

describe('rendererAnswer', () => {
  let dir: string;
  let root: string;
  let secret: string;
  const get = (url: string) => rendererAnswer(root, { method: 'GET', url });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-scheme-'));
    root = join(dir, 'renderer');
    await mkdir(join(root, 'assets'), { recursive: true });
    for (const name of ['index.js', 'chunk.mjs', 'index.css', 'logo.svg', 'icon.png', 'font.woff2', 'data.json', 'index.js.map', 'engine.wasm', 'blob.bin']) await writeFile(join(root, 'assets', name), name);
    await writeFile(join(root, 'index.html'), '<!doctype html>');
    await writeFile(join(root, 'favicon.ico'), 'ico');
    await mkdir(join(dir, 'outside'));
    secret = join(dir, 'outside', 'secret.txt');
    await writeFile(secret, 'do not serve');
    await symlink(join(dir, 'outside'), join(root, 'linked-out'));
    await symlink(join(root, 'assets'), join(root, 'linked-in'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the entry page and its files with their types, the CSP and nosniff', async () => {
    const page = await get(RENDERER_ENTRY_URL);
    expect(page).toEqual({
      status: 200,
      file: join(root, 'index.html'),
      headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': APP_CSP, 'X-Content-Type-Options': 'nosniff' },
    });
    expect((await get('app://meshdeck/')).file).toBe(join(root, 'index.html'));
    const types: Record<string, string> = {
      'index.js': 'text/javascript; charset=utf-8',
      'chunk.mjs': 'text/javascript; charset=utf-8',
      'index.css': 'text/css; charset=utf-8',
      'logo.svg': 'image/svg+xml',
      'icon.png': 'image/png',
      'font.woff2': 'font/woff2',
      'data.json': 'application/json; charset=utf-8',
      'index.js.map': 'application/json; charset=utf-8',
      'engine.wasm': 'application/wasm',
      'blob.bin': 'application/octet-stream',
    };
    for (const [name, type] of Object.entries(types)) {
      const answer = await get(`app://meshdeck/assets/${name}`);
      expect(answer.status, name).toBe(200);
      expect(answer.headers['Content-Type'], name).toBe(type);
    }
    expect((await get('app://meshdeck/favicon.ico')).headers['Content-Type']).toBe('image/x-icon');
    expect((await get('app://meshdeck/linked-in/index.js')).file).toBe(join(root, 'assets', 'index.js'));
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await rendererAnswer(root, { method: 'HEAD', url: RENDERER_ENTRY_URL });
    expect(head.status).toBe(200);
    expect(head.file).toBeUndefined();
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const refused = await rendererAnswer(root, { method, url: RENDERER_ENTRY_URL });
      expect(refused, method).toMatchObject({ status: 405, headers: { Allow: 'GET, HEAD', 'Content-Security-Policy': APP_CSP } });
      expect(refused.file, method).toBeUndefined();
    }
  });

  it('never answers with a file outside the folder', async () => {
    const escapes = [
      'app://meshdeck/../outside/secret.txt',
      'app://meshdeck/assets/../../outside/secret.txt',
      'app://meshdeck/%2e%2e/outside/secret.txt',
      'app://meshdeck/%2E%2E/outside/secret.txt',
      'app://meshdeck/%252e%252e/outside/secret.txt',
      'app://meshdeck/..%2foutside%2fsecret.txt',
      'app://meshdeck/..%2Foutside%2Fsecret.txt',
      'app://meshdeck/..%5coutside%5csecret.txt',
      'app://meshdeck/..\\outside\\secret.txt',
      `app://meshdeck/${secret}`,
      `app://meshdeck//${secret}`,
      `app://meshdeck/${encodeURIComponent(secret)}`,
      'app://meshdeck/linked-out/secret.txt',
      'app://meshdeck/linked-out%2fsecret.txt',
      'app://meshdeck/index.html%00.js',
      'app://meshdeck/%E0%A4%A',
      'app://meshdeck/assets',
      'app://meshdeck/missing.js',
      `app://other/${secret}`,
    ];
    for (const url of escapes) {
      const answer = await get(url);
      expect(answer.status, url).toBe(404);
      expect(answer.file, url).toBeUndefined();
      expect(answer.headers['Content-Security-Policy'], url).toBe(APP_CSP);
    }
  });
});
