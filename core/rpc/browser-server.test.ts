import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, TOKEN_REFUSED_CLOSE_CODE, createClient, type TaskInfo } from '../contract';
import { startBrowserServer, type BrowserServer } from './browser-server';
import { handlersWith } from '../../test/support/handlers';
import { createDispatcher, type Handlers } from './dispatcher';
import { EventHub } from './event-hub';
import { connectWsBridge } from './ws-client';

const TOKEN = 'test-token-0123456789abcdef0123456789abcdef';
const task: TaskInfo = { id: 'task-1', kind: 'doctor', title: 'Check', state: 'running', step: 'Starting', percent: 0, logSeq: 0, startedAt: '2026-01-01T00:00:00.000Z' };

let dir: string;
let server: BrowserServer;
const events = new EventHub();

const handlers: Handlers = handlersWith({
  'app.status': () => ({ version: '9.9.9', platform: 'linux', arch: 'x64', dataDir: '/data', downloadsDir: '/home/u', face: 'browser' }),
  'doctor.run': () => {
    setTimeout(() => events.emit('task:update', task), 5);
    return { taskId: task.id };
  },
  'task.list': () => [],
  'task.get': ({ taskId }) => {
    throw new AppError('NOT_FOUND', `No task with id ${taskId}.`, { taskId });
  },
  'task.cancel': () => task,
  'lab.up': () => ({ taskId: 'lab-1' }),
  'lab.status': () => {
    throw new AppError('CLUSTER_NOT_FOUND', 'No lab.');
  },
  'lab.down': () => ({ taskId: 'lab-2' }),
  'lab.reset': () => ({ taskId: 'lab-3' }),
  'kube.contexts': () => [{ name: 'kind-meshdeck', cluster: 'kind-meshdeck', server: 'https://127.0.0.1:40123', current: true }],
  // Stands for work that outlives the call (a log stream): ends when the tab that opened it goes.
  'logs.close': ({ streamId }, caller) => {
    callers.add(caller.id);
    caller.onGone(() => gone.push(streamId));
    return { streamId, closed: false };
  },
});
const callers = new Set<string>();
const gone: string[] = [];

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers: { host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function upgradeStatus(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', reject);
  });
}

/** Opens a socket and waits for the server to close it: its close code and reason. */
function closedWith(path: string, headers: Record<string, string>): Promise<{ code: number; reason: string; frames: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers });
    let frames = 0;
    ws.on('open', () => ws.send(JSON.stringify({ type: 'call', id: 1, method: 'app.status', params: {} })));
    ws.on('message', () => (frames += 1));
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString(), frames }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshdeck-serve-'));
  const root = join(dir, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>MeshDeck</title>');
  await writeFile(join(root, 'assets', 'app-1234.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'do not serve');
  await symlink(join(dir, 'secret.txt'), join(root, 'link.txt'));
  server = await startBrowserServer({ dispatcher: createDispatcher(handlers), events, staticDir: root, token: TOKEN });
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('browser mode over a real WebSocket', () => {
  it('round-trips calls and pushes events, with the token in the URL', async () => {
    const bridge = await connectWsBridge(`ws://127.0.0.1:${server.port}/rpc?token=${TOKEN}`);
    const client = createClient(bridge);
    expect(await client.call('app.status', {})).toMatchObject({ version: '9.9.9', face: 'browser' });
    const update = new Promise<TaskInfo>((resolve) => client.on('task:update', resolve));
    expect(await client.call('doctor.run', {})).toEqual({ taskId: 'task-1' });
    expect(await update).toEqual(task);
    bridge.close();
  });

  it('ends what a tab started when its connection closes, and only that tab\'s', async () => {
    const first = await connectWsBridge(`ws://127.0.0.1:${server.port}/rpc?token=${TOKEN}`);
    const second = await connectWsBridge(`ws://127.0.0.1:${server.port}/rpc?token=${TOKEN}`);
    await createClient(first).call('logs.close', { streamId: 'from-first' });
    await createClient(second).call('logs.close', { streamId: 'from-second' });
    expect(callers.size).toBe(2);
    first.close();
    await expect.poll(() => gone).toEqual(['from-first']);
    second.close();
    await expect.poll(() => gone).toEqual(['from-first', 'from-second']);
  });

  it('keeps the error code across the wire', async () => {
    const bridge = await connectWsBridge(`ws://127.0.0.1:${server.port}/rpc?token=${TOKEN}`);
    await expect(createClient(bridge).call('task.get', { taskId: 'gone' })).rejects.toMatchObject({ code: 'NOT_FOUND', details: { taskId: 'gone' } });
    expect(await bridge.call('no.such.method', {})).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await bridge.call('doctor.run', { ports: [-1] })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    bridge.close();
  });

  it('answers a frame without a method with INVALID_ARGUMENT and closes on non-JSON', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/rpc?token=${TOKEN}`);
    await new Promise((resolve) => ws.once('open', resolve));
    const reply = new Promise<string>((resolve) => ws.once('message', (data) => resolve(data.toString())));
    ws.send(JSON.stringify({ type: 'call', id: 7 }));
    expect(JSON.parse(await reply)).toMatchObject({ type: 'reply', id: 7, envelope: { ok: false, error: { code: 'INVALID_ARGUMENT' } } });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('not json');
    expect(await closed).toBe(1008);
  });

  it('closes a socket with a missing or stale token with 4401, a code a browser can read, and answers nothing on it', async () => {
    const origin = { origin: `http://127.0.0.1:${server.port}` };
    for (const path of ['/rpc', `/rpc?token=${TOKEN.slice(0, -1)}x`, '/rpc?token=from-the-serve-before']) {
      const closed = await closedWith(path, origin);
      expect(closed, path).toMatchObject({ code: TOKEN_REFUSED_CLOSE_CODE, frames: 0 });
      expect(closed.reason).toMatch(/open the link it printed/);
    }
    // A stale token in the URL still works beside the current cookie (the new link opened in another tab).
    const cookie = String((await get(`/?token=${TOKEN}`)).headers['set-cookie']).split(';')[0]!;
    expect(await upgradeStatus('/rpc?token=from-the-serve-before', { ...origin, cookie })).toBe(101);
  });

  it('fails the calls of a Node client whose token is refused with UNAUTHORIZED', async () => {
    const bridge = await connectWsBridge(`ws://127.0.0.1:${server.port}/rpc?token=stale`);
    expect(await bridge.call('app.status', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('refuses a foreign Origin and a non-loopback Host before looking at the token', async () => {
    expect(await upgradeStatus('/rpc', { origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(`/rpc?token=${TOKEN}`, { origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(`/rpc?token=${TOKEN}`, { origin: `http://127.0.0.1:${server.port + 1}` })).toBe(403);
    expect(await upgradeStatus(`/rpc?token=${TOKEN}`, { host: `rebind.example:${server.port}` })).toBe(403);
    expect(await upgradeStatus(`/other?token=${TOKEN}`, {})).toBe(404);
    expect(await upgradeStatus(`/rpc?token=${TOKEN}`, { origin: `http://localhost:${server.port}`, host: `localhost:${server.port}` })).toBe(101);
  });

  it('accepts the HttpOnly cookie set by the first page load', async () => {
    const first = await get(`/?token=${TOKEN}`);
    expect(first.status).toBe(200);
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    expect(String(first.headers['set-cookie'])).toContain('HttpOnly');
    expect(await upgradeStatus('/rpc', { cookie })).toBe(101);
    expect((await get('/assets/app-1234.js', { cookie })).body).toBe('console.log(1)');
  });
});

describe('browser mode over HTTP', () => {
  it('serves the app with the token, with a CSP and no caching of index.html', async () => {
    const page = await get(`/?token=${TOKEN}`);
    expect(page.body).toContain('<title>MeshDeck</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-eval');
    expect(page.headers['cache-control']).toBe('no-store');
    expect((await get(`/?token=${TOKEN}`, {}, 'HEAD')).status).toBe(200);
  });

  it('refuses requests without the token, from foreign Hosts, and other methods', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/assets/app-1234.js')).status).toBe(401);
    expect((await get(`/?token=${TOKEN}`, { host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await get(`/?token=${TOKEN}`, { host: '127.0.0.1' })).status).toBe(403);
    expect((await get(`/?token=${TOKEN}`, {}, 'POST')).status).toBe(405);
    expect((await get(`/?token=${TOKEN}&pad=${'x'.repeat(9000)}`)).status).toBe(414);
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/link.txt', '/assets', '/%00', '/..%5csecret.txt']) {
      const response = await get(`${path}${path.includes('?') ? '&' : '?'}token=${TOKEN}`);
      expect(response.status, path).toBe(404);
      expect(response.body).not.toContain('do not serve');
    }
  });
});
