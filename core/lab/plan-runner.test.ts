import { describe, expect, it } from 'vitest';
import { AppError, type PlanStepInfo } from '../contract';
import { runPlan, validatePlan, type Observation, type PlanStep, type StepContext } from './plan-runner';

interface Trace {
  events: string[];
  infos: Map<string, PlanStepInfo>;
  logs: { step: string; text: string }[];
}

function step(id: string, needs: string[], options: { observe?: () => Observation; run?: (context: StepContext, trace: Trace) => Promise<void> } = {}, trace: Trace): PlanStep {
  return {
    id,
    title: id.toUpperCase(),
    needs,
    observe: async () => options.observe?.() ?? { state: 'todo' },
    run: async (context) => {
      trace.events.push(`start ${id}`);
      await (options.run?.(context, trace) ?? Promise.resolve());
      trace.events.push(`end ${id}`);
    },
  };
}

function newTrace(): Trace {
  return { events: [], infos: new Map(), logs: [] };
}

function reporter(trace: Trace) {
  return { update: (info: PlanStepInfo) => trace.infos.set(info.id, info), log: (text: string, step: string) => trace.logs.push({ step, text }) };
}

const tick = (ms = 5) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('runPlan', () => {
  it('runs independent steps in parallel and dependent ones after their needs', async () => {
    const trace = newTrace();
    const slow = async () => tick(20);
    const steps = [
      step('preflight', [], {}, trace),
      step('tools', ['preflight'], { run: slow }, trace),
      step('cluster', ['preflight'], { run: slow }, trace),
      step('istio', ['tools', 'cluster'], {}, trace),
    ];
    await runPlan(steps, reporter(trace), new AbortController().signal);
    expect(trace.events.slice(0, 4)).toEqual(['start preflight', 'end preflight', 'start tools', 'start cluster']);
    expect(trace.events.indexOf('start istio')).toBeGreaterThan(Math.max(trace.events.indexOf('end tools'), trace.events.indexOf('end cluster')));
    expect([...trace.infos.values()].every((info) => info.state === 'done' && info.percent === 100)).toBe(true);
  });

  it('does not redo steps that observe themselves done', async () => {
    const trace = newTrace();
    const steps = [step('cluster', [], { observe: () => ({ state: 'done', detail: 'Cluster meshdeck exists' }) }, trace), step('istio', ['cluster'], {}, trace)];
    await runPlan(steps, reporter(trace), new AbortController().signal);
    expect(trace.events).toEqual(['start istio', 'end istio']);
    expect(trace.infos.get('cluster')).toMatchObject({ state: 'reused', detail: 'Cluster meshdeck exists' });
  });

  it('reports progress and tags each log line with its step, the text as written', async () => {
    const trace = newTrace();
    const steps = [
      step('bookinfo', [], {
        run: async (context) => {
          context.progress('3 of 6 deployments available', 50);
          context.log('applied 12 objects');
        },
      }, trace),
    ];
    await runPlan(steps, reporter(trace), new AbortController().signal);
    expect(trace.logs).toEqual([{ step: 'bookinfo', text: 'applied 12 objects' }]);
    expect(trace.infos.get('bookinfo')).toMatchObject({ state: 'done', detail: '3 of 6 deployments available' });
  });

  it('stops at the first failure: siblings are aborted, later steps never start, the error keeps its code', async () => {
    const trace = newTrace();
    let siblingAborted = false;
    const steps = [
      step('addons', [], {
        run: (context) => new Promise((_resolve, reject) => context.signal.addEventListener('abort', () => {
          siblingAborted = true;
          reject(new AppError('CANCELLED', 'stopped'));
        })),
      }, trace),
      step('bookinfo', [], { run: async () => { await tick(); throw new AppError('STALLED', 'reviews-v2 waits: ImagePullBackOff'); } }, trace),
      step('verify', ['addons', 'bookinfo'], {}, trace),
    ];
    await expect(runPlan(steps, reporter(trace), new AbortController().signal)).rejects.toMatchObject({ code: 'STALLED' });
    expect(siblingAborted).toBe(true);
    expect(trace.infos.get('bookinfo')).toMatchObject({ state: 'failed', error: { code: 'STALLED' } });
    expect(trace.infos.get('addons')?.state).toBe('cancelled');
    expect(trace.infos.has('verify')).toBe(false);
  });

  it('a blocked step fails the plan with its reason, without running', async () => {
    const trace = newTrace();
    const blocked = new AppError('PORT_IN_USE', 'Port 8080 is in use; use --http-port 8081.');
    await expect(runPlan([step('cluster', [], { observe: () => ({ state: 'blocked', error: blocked }) }, trace)], reporter(trace), new AbortController().signal)).rejects.toBe(blocked);
    expect(trace.events).toEqual([]);
  });

  it('cancels: running steps end cancelled and the plan rejects with CANCELLED', async () => {
    const trace = newTrace();
    const controller = new AbortController();
    const steps = [step('cluster', [], { run: (context) => new Promise((_r, reject) => context.signal.addEventListener('abort', () => reject(new Error('killed')))) }, trace), step('istio', ['cluster'], {}, trace)];
    const running = runPlan(steps, reporter(trace), controller.signal);
    await tick();
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(trace.infos.get('cluster')?.state).toBe('cancelled');
    expect(trace.infos.has('istio')).toBe(false);
  });

  it('turns unexpected exceptions into INTERNAL naming the step', async () => {
    const trace = newTrace();
    await expect(runPlan([step('gateways', [], { run: async () => { throw new TypeError('x is undefined'); } }, trace)], reporter(trace), new AbortController().signal)).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('GATEWAYS') });
  });
});

describe('validatePlan', () => {
  const trace = newTrace();
  it('refuses unknown needs, duplicates and cycles', () => {
    expect(() => validatePlan([step('a', ['b'], {}, trace)])).toThrow('unknown step b');
    expect(() => validatePlan([step('a', [], {}, trace), step('a', [], {}, trace)])).toThrow('duplicate');
    expect(() => validatePlan([step('a', ['b'], {}, trace), step('b', ['a'], {}, trace)])).toThrow('cycle');
  });
});
