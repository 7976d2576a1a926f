// TrafficRuns with the generator's transport swapped for an in-process answer (the HTTP path is
// covered by generator.test.ts and the world test): ids, events, limits, stop and forgetting.
import { describe, expect, it } from 'vitest';
import type { EventPayloads, GeneratorRunInfo } from '../../contract';
import type { SendFunction } from './http-send';
import { TrafficRuns, type TrafficEventName } from './runs';

const v2Page = '<h4 class="text-3xl font-semibold">Book Reviews</h4><div class="flex gap-x-1 text-black-500"><svg class="h-5 w-5"></svg></div>';
const answerV2: SendFunction = () => Promise.resolve({ status: 200, body: v2Page });
const url = 'http://127.0.0.1:8080/productpage';

type Event = { [E in TrafficEventName]: { name: E; payload: EventPayloads[E] } }[TrafficEventName];

function harness(options: { maxRunning?: number; failWindows?: boolean } = {}) {
  const events: Event[] = [];
  const waiters: { check: () => boolean; resolve: () => void }[] = [];
  const runs = new TrafficRuns({
    emit: (name, payload) => {
      if (options.failWindows && name === 'traffic:window') throw new Error('event hub closed');
      events.push({ name, payload } as Event);
      for (const waiter of waiters.splice(0)) {
        if (waiter.check()) waiter.resolve();
        else waiters.push(waiter);
      }
    },
    generator: { send: answerV2, windowMs: 100 },
    ...(options.maxRunning !== undefined ? { maxRunning: options.maxRunning } : {}),
  });
  const runEvents = (runId: string): GeneratorRunInfo[] => events.flatMap((e) => (e.name === 'traffic:run' && e.payload.runId === runId ? [e.payload] : []));
  const ended = (runId: string): Promise<GeneratorRunInfo> =>
    new Promise((resolve) => {
      const check = (): boolean => runEvents(runId).some((r) => r.state !== 'running');
      const done = (): void => resolve(runEvents(runId).find((r) => r.state !== 'running') as GeneratorRunInfo);
      if (check()) done();
      else waiters.push({ check, resolve: done });
    });
  return { runs, events, runEvents, ended };
}

describe('TrafficRuns', () => {
  it('stopAll with a reason (the lab went away) ends every run as stopped, with the reason to show', async () => {
    const { runs, ended } = harness();
    const started = runs.start({ url, rps: 20, durationSeconds: 60 });
    await runs.stopAll('The lab is gone.');
    expect(await ended(started.runId)).toMatchObject({ state: 'stopped', error: 'The lab is gone.' });
  });

  it('runs to the end, pushing windows with its id and a traffic:run per state change', async () => {
    const { runs, events, runEvents, ended } = harness();
    const started = runs.start({ url, rps: 20, durationSeconds: 1 });
    expect(started).toMatchObject({ url, rps: 20, durationSeconds: 1, state: 'running', totals: { requests: 0 } });
    expect(started.runId).toMatch(/^[a-z0-9-]{1,64}$/);
    expect(Number.isNaN(Date.parse(started.startedAt))).toBe(false);

    const finished = await ended(started.runId);
    expect(runEvents(started.runId).map((r) => r.state)).toEqual(['running', 'finished']);
    expect(finished.totals.requests + (finished.totals.skipped ?? 0)).toBe(20);
    expect(finished.totals.byVersion['v2']).toBe(finished.totals.requests);
    expect(finished.error).toBeUndefined();

    const windows = events.flatMap((e) => (e.name === 'traffic:window' ? [e.payload] : []));
    expect(windows.length).toBeGreaterThanOrEqual(2);
    expect(windows.every((w) => w.runId === started.runId)).toBe(true);
    expect(windows.at(-1)?.totals).toEqual(finished.totals);
    expect(runs.list()).toEqual([finished]);
    expect(runs.get(started.runId)).toEqual(finished);
  });

  it('stops a run on request, with defaults of 5 rps for 60 s', async () => {
    const { runs, runEvents } = harness();
    const started = runs.start({ url });
    expect(started).toMatchObject({ rps: 5, durationSeconds: 60 });
    const stopped = await runs.stop(started.runId);
    expect(stopped.state).toBe('stopped');
    expect(runEvents(started.runId).map((r) => r.state)).toEqual(['running', 'stopped']);
    // Stopping an ended run changes nothing.
    expect(await runs.stop(started.runId)).toEqual(stopped);
    expect(runEvents(started.runId)).toHaveLength(2);
  });

  it('answers NOT_FOUND for an unknown run and INVALID_ARGUMENT for a bad request', async () => {
    const { runs } = harness();
    await expect(runs.stop('no-such-run')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(() => runs.get('no-such-run')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => runs.start({ url, rps: 500 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => runs.start({ url: 'file:///etc/passwd' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(runs.list()).toEqual([]);
  });

  it('allows a few runs at once, and another once one is stopped', async () => {
    const { runs } = harness({ maxRunning: 3 });
    const ids = [1, 2, 3].map(() => runs.start({ url, durationSeconds: 600 }).runId);
    expect(new Set(ids).size).toBe(3);
    expect(() => runs.start({ url })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('stop one') }));
    await runs.stop(ids[0] as string);
    const fourth = runs.start({ url, durationSeconds: 600 });
    await runs.stopAll();
    expect(runs.list().map((r) => [r.runId, r.state])).toEqual([...ids, fourth.runId].map((id) => [id, 'stopped']));
  });

  it('remembers the last 10 ended runs only', async () => {
    const { runs, ended } = harness();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const run = runs.start({ url, rps: 1, durationSeconds: 1 });
      ids.push(run.runId);
      await ended(run.runId);
    }
    expect(runs.list().map((r) => r.runId)).toEqual(ids.slice(2));
    expect(() => runs.get(ids[0] as string)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(runs.get(ids[11] as string).state).toBe('finished');
  });

  it('marks a run failed when its windows cannot be delivered', async () => {
    const { runs, ended } = harness({ failWindows: true });
    const started = runs.start({ url, rps: 10, durationSeconds: 600 });
    const failed = await ended(started.runId);
    expect(failed).toMatchObject({ state: 'failed', error: 'event hub closed' });
    expect(runs.list().map((r) => r.state)).toEqual(['failed']);
  });
});
