// Runs a plan: a small DAG of steps, each with observe() (is it already done?) and run().
// Independent steps run in parallel; a step starts once everything it needs is done. Because
// every step first observes the real world, re-running a plan after a crash, a cancel or a
// closed app finishes the job without redoing what is done. The runner knows nothing of kind
// or Istio: steps bring that.

import { AppError, type PlanStepInfo } from '../contract';

export type Observation = { state: 'done'; detail?: string } | { state: 'todo' } | { state: 'blocked'; error: AppError };

/** What observe() says when the step's work is not there yet. */
export const NEEDS_RUN: Observation = { state: 'todo' };

export interface StepContext {
  readonly signal: AbortSignal;
  progress(detail: string, percent?: number | null): void;
  log(line: string): void;
}

export interface PlanStep {
  id: string;
  title: string;
  needs: readonly string[];
  observe(signal: AbortSignal): Promise<Observation>;
  run(context: StepContext): Promise<void>;
}

export interface PlanReporter {
  update(step: PlanStepInfo): void;
  log(line: string, step: string): void;
}

export function validatePlan(steps: readonly PlanStep[]): void {
  const ids = new Set(steps.map((step) => step.id));
  if (ids.size !== steps.length) throw new Error('plan has duplicate step ids');
  for (const step of steps) {
    for (const need of step.needs) if (!ids.has(need)) throw new Error(`step ${step.id} needs unknown step ${need}`);
  }
  // A cycle would leave steps waiting forever: walk the graph once to refuse it up front.
  const state = new Map<string, 'visiting' | 'visited'>();
  const byId = new Map(steps.map((step) => [step.id, step]));
  const visit = (id: string): void => {
    if (state.get(id) === 'visited') return;
    if (state.get(id) === 'visiting') throw new Error(`plan has a cycle through ${id}`);
    state.set(id, 'visiting');
    for (const need of byId.get(id)!.needs) visit(need);
    state.set(id, 'visited');
  };
  for (const step of steps) visit(step.id);
}

export function initialStepInfos(steps: readonly PlanStep[]): PlanStepInfo[] {
  return steps.map((step) => ({ id: step.id, title: step.title, state: 'pending', detail: '', percent: null }));
}

/**
 * Runs every step whose needs are done, as soon as they are. The first failure stops the plan:
 * running siblings are aborted and the failure is rethrown (an AppError, code and all).
 */
export async function runPlan(steps: readonly PlanStep[], reporter: PlanReporter, signal: AbortSignal): Promise<void> {
  validatePlan(steps);
  const infos = new Map(initialStepInfos(steps).map((info) => [info.id, info]));
  const finished = new Set<string>();
  const started = new Set<string>();
  const stop = new AbortController();
  const combined = AbortSignal.any([signal, stop.signal]);
  let failure: unknown;

  const update = (id: string, change: Partial<PlanStepInfo>) => {
    const info = { ...infos.get(id)!, ...change };
    infos.set(id, info);
    reporter.update(info);
  };

  const runStep = async (step: PlanStep): Promise<void> => {
    update(step.id, { state: 'running', detail: 'Checking what is already there', percent: null });
    try {
      const before = await step.observe(combined);
      if (before.state === 'blocked') throw before.error;
      if (before.state === 'done') {
        update(step.id, { state: 'reused', detail: before.detail ?? 'Already done', percent: 100 });
        return;
      }
      const context: StepContext = {
        signal: combined,
        progress: (detail, percent) => update(step.id, { detail, ...(percent !== undefined ? { percent } : {}) }),
        log: (line) => reporter.log(line, step.id),
      };
      await step.run(context);
      combined.throwIfAborted();
      update(step.id, { state: 'done', percent: 100, detail: infos.get(step.id)!.detail || 'Done' });
    } catch (error) {
      if (combined.aborted) {
        update(step.id, { state: 'cancelled', percent: null });
        throw signal.aborted ? new AppError('CANCELLED', 'Cancelled. Run it again to continue where it stopped.') : (failure ?? error);
      }
      const appError = error instanceof AppError ? error : new AppError('INTERNAL', `${step.title} stopped on an unexpected problem: ${error instanceof Error ? error.message : String(error)}`);
      update(step.id, { state: 'failed', error: appError.toInfo(), detail: appError.message, percent: null });
      throw appError;
    }
  };

  await new Promise<void>((resolve, reject) => {
    const running = new Set<Promise<void>>();
    const schedule = () => {
      if (failure !== undefined) {
        if (running.size === 0) reject(failure);
        return;
      }
      if (finished.size === steps.length) {
        resolve();
        return;
      }
      for (const step of steps) {
        if (started.has(step.id) || !step.needs.every((need) => finished.has(need))) continue;
        started.add(step.id);
        const promise: Promise<void> = runStep(step).then(
          () => {
            finished.add(step.id);
          },
          (error: unknown) => {
            if (failure === undefined) failure = error;
            stop.abort();
          },
        );
        running.add(promise);
        void promise.finally(() => {
          running.delete(promise);
          schedule();
        });
      }
      if (running.size === 0 && finished.size < steps.length && failure === undefined) {
        reject(new Error('plan cannot make progress'));
      }
    };
    schedule();
  });
}
