// The generator against a real node:http server on loopback that answers by a script and keeps
// its own tally, so counts and classification can be compared exactly. No timing is asserted
// beyond lower bounds that a slow machine can only make larger.
import { once } from 'node:events';
import { Agent, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrafficCountsInfo, TrafficWindowInfo } from '../../contract';
import { startTrafficGenerator, type TrafficGeneratorOptions } from './generator';
import { createHttpSender, SendFailure } from './http-send';

type Window = Omit<TrafficWindowInfo, 'runId'>;
type Handler = (index: number, req: IncomingMessage, res: ServerResponse) => void;

interface TestServer {
  url: string;
  server: Server;
  received: number;
  active: number;
  maxActive: number;
  sockets: Set<Socket>;
  arrivals: number[];
  headers: IncomingMessage['headers'][];
  /** Fires 'closed' when a request's connection closes before it was answered. */
  events: NodeJS.EventEmitter;
}

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function startServer(handler: Handler): Promise<TestServer> {
  const server = createServer();
  const state: TestServer = { url: '', server, received: 0, active: 0, maxActive: 0, sockets: new Set(), arrivals: [], headers: [], events: server };
  server.on('connection', (socket: Socket) => state.sockets.add(socket));
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const index = state.received++;
    state.arrivals.push(performance.now());
    state.headers.push(req.headers);
    state.active++;
    state.maxActive = Math.max(state.maxActive, state.active);
    let counted = true;
    const release = (): void => {
      if (!counted) return;
      counted = false;
      state.active--;
    };
    res.on('finish', release);
    res.on('close', () => {
      if (!res.writableFinished) server.emit('closed');
      release();
    });
    server.emit('arrived', index);
    handler(index, req, res);
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/productpage`;
  return state;
}

function page(rating: string): string {
  const review = `<section class="px-6 py-12"><div class="mx-auto max-w-2xl">${rating}<blockquote><p>"An extremely entertaining play by Shakespeare."</p></blockquote></div></section>`;
  return `<title>Simple Bookstore App</title><a href="https://istio.io">Start here</a><h4 class="text-3xl font-semibold">Book Reviews</h4>${review}${review}`;
}
const star = '<svg class="h-5 w-5 flex-none" viewBox="0 0 20 20" fill="currentColor"><path d="M10"/></svg>';
const pages = {
  v1: page(''),
  v2: page(`<div class="flex gap-x-1 text-black-500">${star.repeat(5)}</div>`),
  v3: page(`<div class="flex gap-x-1 text-red-500">${star.repeat(5)}</div>`),
  unknown: page('<p class="text-red-500">Ratings service is currently unavailable</p>'),
};

function answer(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function run(options: Omit<TrafficGeneratorOptions, 'onWindow'>): { windows: Window[]; done: Promise<TrafficCountsInfo>; stop(): void } {
  const windows: Window[] = [];
  const generator = startTrafficGenerator({ ...options, onWindow: (w) => windows.push(w) });
  return { windows, done: generator.done, stop: generator.stop };
}

function sum(windows: Window[], pick: (w: TrafficCountsInfo) => number): number {
  return windows.reduce((total, w) => total + pick(w.window), 0);
}

describe('startTrafficGenerator against a local server', () => {
  it('counts every answer by version and every error by code, exactly as the server sent them', async () => {
    const script = ['v1', 'v2', 'v1', 'v3', 'unknown', '503', 'v1', 'reset', '404', 'v2'] as const;
    const sent: Record<string, number> = {};
    const server = await startServer((index, req, res) => {
      const kind = script[index % script.length] as (typeof script)[number];
      sent[kind] = (sent[kind] ?? 0) + 1;
      if (kind === 'reset') req.socket.destroy();
      else if (kind === '503' || kind === '404') answer(res, Number(kind), 'no healthy upstream');
      else answer(res, 200, pages[kind]);
    });
    const { windows, done } = run({ url: server.url, rps: 50, durationSeconds: 1, windowMs: 200 });
    const totals = await done;

    expect(totals.requests).toBe(server.received);
    expect(totals.requests + (totals.skipped ?? 0)).toBe(50);
    expect(totals.byVersion).toEqual({ v1: sent['v1'] ?? 0, v2: sent['v2'] ?? 0, v3: sent['v3'] ?? 0, unknown: sent['unknown'] ?? 0 });
    const errorCodes: Record<string, number> = {};
    for (const [kind, code] of [['503', '503'], ['404', '404'], ['reset', 'network']] as const) if (sent[kind]) errorCodes[code] = sent[kind];
    expect(totals.errorCodes).toEqual(errorCodes);
    expect(totals.errors).toBe((sent['503'] ?? 0) + (sent['404'] ?? 0) + (sent['reset'] ?? 0));
    expect(totals.latencyMs.p50).toBeGreaterThan(0);
    expect(totals.latencyMs.p99).toBeGreaterThanOrEqual(totals.latencyMs.p90);
    expect(totals.latencyMs.p90).toBeGreaterThanOrEqual(totals.latencyMs.p50);

    // Windows add up to the totals; the last one (flushed at the end) carries the final totals.
    expect(windows.length).toBeGreaterThanOrEqual(2);
    expect(sum(windows, (w) => w.requests)).toBe(totals.requests);
    expect(sum(windows, (w) => w.byVersion['v1'] ?? 0)).toBe(totals.byVersion['v1']);
    expect(sum(windows, (w) => w.errors)).toBe(totals.errors);
    expect(windows.at(-1)?.totals).toEqual(totals);
    for (let i = 1; i < windows.length; i++) expect(windows[i]?.at).toBe((windows[i - 1]?.at ?? 0) + (windows[i - 1]?.windowMs ?? 0));
  });

  it('spreads requests over the duration instead of firing them at once, over few keep-alive sockets', async () => {
    const server = await startServer((_, __, res) => answer(res, 200, pages.v2));
    const { done } = run({ url: server.url, rps: 100, durationSeconds: 2, concurrency: 4, headers: { 'end-user': 'jason' } });
    const totals = await done;
    expect(totals.requests + (totals.skipped ?? 0)).toBe(200);
    expect(totals.byVersion['v2']).toBe(totals.requests);
    expect(server.received).toBe(totals.requests);
    // Request k is due at k/100 s, so the last arrives about 2 s after the first (fired at once, ~0 s).
    const spread = (server.arrivals.at(-1) ?? 0) - (server.arrivals[0] ?? 0);
    expect(spread).toBeGreaterThanOrEqual(1500);
    expect(server.sockets.size).toBeLessThanOrEqual(4);
    expect(server.headers.every((h) => h['end-user'] === 'jason')).toBe(true);
  });

  it('never has more requests in flight than its concurrency and counts the ones it skipped', async () => {
    const server = await startServer((_, __, res) => {
      setTimeout(() => answer(res, 200, pages.v1), 100);
    });
    const { done } = run({ url: server.url, rps: 50, durationSeconds: 1, concurrency: 2 });
    const totals = await done;
    expect(server.maxActive).toBeLessThanOrEqual(2);
    expect(totals.requests).toBe(server.received);
    expect(totals.byVersion['v1']).toBe(server.received);
    // Two slots of 100 ms cannot carry 50 requests in a second.
    expect(totals.skipped).toBeGreaterThan(0);
    expect(totals.requests + (totals.skipped ?? 0)).toBe(50);
    expect(totals.latencyMs.p50).toBeGreaterThanOrEqual(100);
  });

  it('counts answers slower than the timeout as error "timeout"', async () => {
    const server = await startServer(() => undefined);
    const { done } = run({ url: server.url, rps: 4, durationSeconds: 1, timeoutMs: 100 });
    const totals = await done;
    expect(totals).toMatchObject({ requests: 4, errors: 4, errorCodes: { timeout: 4 }, byVersion: { v1: 0, v2: 0, v3: 0, unknown: 0 }, skipped: 0 });
    expect(totals.latencyMs).toEqual({ p50: 0, p90: 0, p99: 0 });
  });

  it('counts a refused connection as error "network"', async () => {
    const server = await startServer(() => undefined);
    const url = server.url;
    await new Promise<void>((resolve) => server.server.close(() => resolve()));
    const { done } = run({ url, rps: 3, durationSeconds: 1 });
    expect(await done).toMatchObject({ requests: 3, errors: 3, errorCodes: { network: 3 } });
  });

  it('stop() ends the run at once, aborts what is in flight and flushes a last window', async () => {
    const server = await startServer(() => undefined);
    const held = new Promise<void>((resolve) => server.events.on('arrived', (index: number) => index === 2 && resolve()));
    // A caller's agent survives the run, so only aborting the requests can close these connections.
    const agent = new Agent({ keepAlive: true });
    const { windows, done, stop } = run({ url: server.url, rps: 20, durationSeconds: 600, concurrency: 3, agent, timeoutMs: 120_000 });
    await held;
    const closed = new Promise<void>((resolve) => {
      let count = 0;
      server.events.on('closed', () => ++count === 3 && resolve());
    });
    stop();
    const totals = await done;
    await closed;
    // Aborted requests got no answer and are not counted as requests or errors.
    expect(totals.requests).toBe(0);
    expect(totals.errors).toBe(0);
    expect(windows.at(-1)?.totals).toEqual(totals);
    stop();
    expect(windows.at(-1)?.totals).toEqual(totals);
    agent.destroy();
  });

  it('an aborted signal stops it like stop()', async () => {
    const server = await startServer((_, __, res) => answer(res, 200, pages.v3));
    const controller = new AbortController();
    const windows: Window[] = [];
    const generator = startTrafficGenerator({
      url: server.url,
      rps: 20,
      durationSeconds: 600,
      windowMs: 100,
      signal: controller.signal,
      onWindow: (w) => {
        windows.push(w);
        if (w.window.requests > 0) controller.abort();
      },
    });
    const totals = await generator.done;
    expect(totals.requests).toBeGreaterThan(0);
    expect(totals.requests).toBeLessThan(20 * 600);
    expect(totals.byVersion['v3']).toBe(totals.requests);
    expect(generator.totals()).toEqual(totals);

    const already = AbortSignal.abort();
    const none = startTrafficGenerator({ url: server.url, rps: 5, durationSeconds: 10, signal: already, onWindow: () => undefined });
    expect((await none.done).requests).toBe(0);
  });

  it('ends with the error when onWindow throws', async () => {
    const server = await startServer((_, __, res) => answer(res, 200, pages.v1));
    const generator = startTrafficGenerator({
      url: server.url,
      rps: 10,
      durationSeconds: 600,
      windowMs: 100,
      onWindow: () => {
        throw new Error('renderer went away');
      },
    });
    await expect(generator.done).rejects.toThrow('renderer went away');
  });

  it('rejects rates, durations, URLs and headers it cannot honour with INVALID_ARGUMENT', () => {
    const base: TrafficGeneratorOptions = { url: 'http://127.0.0.1:9/productpage', rps: 5, durationSeconds: 10, onWindow: () => undefined };
    const bads: Partial<TrafficGeneratorOptions>[] = [{ rps: 0 }, { rps: 201 }, { rps: 1.5 }, { durationSeconds: 0 }, { durationSeconds: 3601 }, { concurrency: 65 }, { concurrency: 0 }, { windowMs: 10 }, { url: 'not a url' }, { url: 'ftp://127.0.0.1/productpage' }, { headers: { 'end-user': 'a\r\nb' } }, { headers: { 'bad header': 'x' } }];
    for (const bad of bads) {
      expect(() => startTrafficGenerator({ ...base, ...bad }), JSON.stringify(bad)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
  });
});

describe('createHttpSender', () => {
  it('cuts off an answer larger than its limit as "body-too-large" and reads a normal one whole', async () => {
    const server = await startServer((index, _, res) => answer(res, 200, index === 0 ? 'x'.repeat(5000) : pages.v1));
    const sender = createHttpSender({ maxBodyBytes: 1000 });
    const request = { url: new URL(server.url), headers: {}, signal: new AbortController().signal, timeoutMs: 5000 };
    const failure = await sender.send(request).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SendFailure);
    expect((failure as SendFailure).code).toBe('body-too-large');
    expect(await sender.send(request)).toEqual({ status: 200, body: pages.v1 });
    sender.close();
  });
});
