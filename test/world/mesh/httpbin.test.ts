import { describe, expect, it } from 'vitest';
import { delayMs, httpbinHandler, parseStatusCodes, pickStatus } from './httpbin.js';
import type { Pod } from './mesh-config.js';
import { seededRandom } from './weighted-pick.js';
import { json, type WorkloadContext } from './workload.js';

const pod = { name: 'httpbin-1', namespace: 'default', labels: { app: 'httpbin' } } as unknown as Pod;
const context = (signal: AbortSignal = new AbortController().signal): WorkloadContext => ({ pod, signal, call: () => Promise.reject(new Error('no calls')) });
const echo = httpbinHandler(seededRandom(7), async (req) => json(200, { path: req.path }));

describe('the httpbin stand-in', () => {
  it('reads go-httpbin status lists, with and without weights, and refuses anything else', () => {
    expect(parseStatusCodes('500')).toEqual([{ code: 500, weight: 1 }]);
    expect(parseStatusCodes('200,500')).toEqual([{ code: 200, weight: 1 }, { code: 500, weight: 1 }]);
    expect(parseStatusCodes('200:3,500:1')).toEqual([{ code: 200, weight: 3 }, { code: 500, weight: 1 }]);
    expect(parseStatusCodes('200%3A3%2C500%3A1')).toEqual([{ code: 200, weight: 3 }, { code: 500, weight: 1 }]);
    for (const bad of ['abc', '99', '600', '200:0', '200,x']) expect(parseStatusCodes(bad)).toBeUndefined();
  });

  it('answers weighted codes in their proportions', () => {
    const random = seededRandom(11);
    const codes = parseStatusCodes('200:3,500:1')!;
    const answers = Array.from({ length: 4000 }, () => pickStatus(codes, random));
    const failed = answers.filter((code) => code === 500).length / answers.length;
    expect(failed).toBeGreaterThan(0.22);
    expect(failed).toBeLessThan(0.28);
    let rolls = 0;
    expect(pickStatus(parseStatusCodes('503')!, () => (rolls++, 0.5))).toBe(503);
    expect(rolls).toBe(0);
  });

  it('answers /status/CODES with that status and an empty body, 400 for a bad one', async () => {
    expect(await echo({ method: 'GET', path: '/status/418', headers: {} }, context())).toMatchObject({ status: 418, body: '' });
    expect((await echo({ method: 'GET', path: '/status/teapot', headers: {} }, context())).status).toBe(400);
  });

  it('answers /delay/N after N seconds (capped at 10 s), and stops when the caller gives up', async () => {
    expect(delayMs('1')).toBe(1000);
    expect(delayMs('0.25')).toBe(250);
    expect(delayMs('300ms')).toBe(300);
    expect(delayMs('60')).toBe(10_000);
    expect(delayMs('soon')).toBeUndefined();
    const started = Date.now();
    expect(await echo({ method: 'GET', path: '/delay/0.2', headers: {} }, context())).toMatchObject({ status: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    const abandoned = new AbortController();
    const pending = echo({ method: 'GET', path: '/delay/5', headers: {} }, context(abandoned.signal));
    abandoned.abort(new Error('client gone'));
    await expect(pending).rejects.toThrow('client gone');
    expect((await echo({ method: 'GET', path: '/delay/later', headers: {} }, context())).status).toBe(400);
  });

  it('echoes every other path', async () => {
    expect(await echo({ method: 'GET', path: '/get', headers: {} }, context())).toMatchObject({ status: 200, body: JSON.stringify({ path: '/get' }) });
  });
});
