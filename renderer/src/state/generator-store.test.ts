import { describe, expect, it } from 'vitest';
import { AppError, type GeneratorRunInfo, type TrafficCountsInfo, type TrafficWindowInfo } from '../../../core/contract';
import { KEPT_WINDOWS } from '../model/split-series';
import { fakeCore, type Handlers } from '../test-support/fake-core';
import { connectGeneratorStore, createGeneratorStore, initialGeneratorState, reduceGenerator, resumeRuns, setGenerator, startGenerator, stopOwnRun, type GeneratorAction, type GeneratorState } from './generator-store';

const NOW = Date.parse('2025-05-01T10:00:00Z');

function counts(byVersion: Record<string, number>): TrafficCountsInfo {
  const requests = Object.values(byVersion).reduce((a, b) => a + b, 0);
  return { requests, byVersion, errors: 0, errorCodes: {}, latencyMs: { p50: 10, p90: 20, p99: 30 } };
}

function run(runId: string, state: GeneratorRunInfo['state'], startedAt = '2025-05-01T10:00:00Z'): GeneratorRunInfo {
  return { runId, url: 'http://127.0.0.1:8080/productpage', rps: 5, durationSeconds: 60, state, startedAt, totals: counts({}) };
}

function window(runId: string, at: number, byVersion: Record<string, number>): TrafficWindowInfo {
  return { runId, at, windowMs: 1000, window: counts(byVersion), totals: counts(byVersion) };
}

function reduce(...actions: GeneratorAction[]): GeneratorState {
  return actions.reduce(reduceGenerator, initialGeneratorState);
}

describe('generator runs and windows', () => {
  it('follows the run it started and keeps only the newest windows, in order', () => {
    let state = reduce({ type: 'run-requested' }, { type: 'run-started', run: run('r1', 'running') });
    expect(state.ownRun).toBe(true);
    for (let index = 0; index < KEPT_WINDOWS + 10; index++) state = reduceGenerator(state, { type: 'window-received', window: window('r1', NOW + index * 1000, { v1: 5 }) });
    expect(state.windows).toHaveLength(KEPT_WINDOWS);
    expect(state.windows[0]!.at).toBe(NOW + 10_000);
    const repeated = reduceGenerator(state, { type: 'window-received', window: window('r1', NOW + 50_000, { v1: 5 }) });
    expect(repeated).toBe(state);
    expect(reduceGenerator(state, { type: 'window-received', window: window('other', NOW + 999_000, { v1: 5 }) })).toBe(state);
  });

  it('shows a run started elsewhere, unless its own start is on the way', () => {
    expect(reduce({ type: 'run-updated', run: run('cli', 'running') }).run?.runId).toBe('cli');
    expect(reduce({ type: 'run-updated', run: run('cli', 'running') }).ownRun).toBe(false);
    expect(reduce({ type: 'run-requested' }, { type: 'run-updated', run: run('cli', 'running') }).run).toBeNull();
    expect(reduce({ type: 'run-updated', run: run('done', 'finished') }).run).toBeNull();
  });

  it('never takes a finished run back to running', () => {
    const state = reduce({ type: 'run-started', run: run('r1', 'running') }, { type: 'run-updated', run: run('r1', 'finished') }, { type: 'run-updated', run: run('r1', 'running') });
    expect(state.run?.state).toBe('finished');
  });
});

describe('flows against a client', () => {
  function setup(handlers: Handlers = {}) {
    const core = fakeCore(handlers);
    const store = createGeneratorStore();
    return { ...core, store, state: () => store.getState().state };
  }

  it('starts with the chosen rate and duration, and stops its own run when the screen closes', async () => {
    const t = setup({
      'traffic.start': (params) => ({ ...run('r1', 'running'), rps: params.rps ?? 0, durationSeconds: params.durationSeconds ?? 0 }),
      'traffic.stop': (params) => run(String(params.runId), 'stopped'),
    });
    setGenerator(t.store, { rps: 40, durationSeconds: 30 });
    await startGenerator(t.client, t.store);
    expect(t.of('traffic.start')).toEqual([{ rps: 40, durationSeconds: 30 }]);
    expect(t.state().run?.state).toBe('running');
    await stopOwnRun(t.client, t.store);
    expect(t.of('traffic.stop')).toEqual([{ runId: 'r1' }]);
    expect(t.state().run?.state).toBe('stopped');
  });

  it('sends from the curl pod of the namespace chosen, and from the gateway again without one', async () => {
    const t = setup({ 'traffic.start': () => run('r2', 'running'), 'traffic.stop': (params) => run(String(params.runId), 'stopped') });
    setGenerator(t.store, { rps: 10, durationSeconds: 30, from: 'curl', clientNamespace: ' outside ' });
    await startGenerator(t.client, t.store);
    await stopOwnRun(t.client, t.store);
    setGenerator(t.store, { from: 'curl', clientNamespace: '' });
    await startGenerator(t.client, t.store);
    await stopOwnRun(t.client, t.store);
    setGenerator(t.store, { from: 'gateway' });
    await startGenerator(t.client, t.store);
    expect(t.of('traffic.start')).toEqual([
      { rps: 10, durationSeconds: 30, from: 'curl', namespace: 'outside' },
      { rps: 10, durationSeconds: 30, from: 'curl' },
      { rps: 10, durationSeconds: 30 },
    ]);
  });

  it('leaves a run started elsewhere running when the screen closes', async () => {
    const t = setup({ 'traffic.runs': () => [run('old', 'finished', '2025-05-01T09:00:00Z'), run('cli', 'running')] });
    await resumeRuns(t.client, t.store);
    expect(t.state().run?.runId).toBe('cli');
    await stopOwnRun(t.client, t.store);
    expect(t.of('traffic.stop')).toEqual([]);
  });

  it('says why a start was refused', async () => {
    const t = setup({
      'traffic.start': () => {
        throw new AppError('CLUSTER_NOT_FOUND', 'There is no lab yet.');
      },
    });
    await startGenerator(t.client, t.store);
    expect(t.state().runError?.code).toBe('CLUSTER_NOT_FOUND');
    expect(t.state().runRequest).toBeNull();
  });

  it('follows the core’s run and window events once connected, and lets go when disconnected', () => {
    const t = setup();
    const connection = connectGeneratorStore(t.client, t.store);
    t.emit('traffic:run', run('cli', 'running'));
    t.emit('traffic:window', window('cli', NOW + 1000, { v2: 3 }));
    expect(t.state().run?.runId).toBe('cli');
    expect(t.state().windows).toHaveLength(1);
    connection.disconnect();
    expect(t.listening('traffic:run') + t.listening('traffic:window')).toBe(0);
  });
});
