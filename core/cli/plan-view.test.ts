import { describe, expect, it } from 'vitest';
import type { PlanStepInfo, TaskInfo } from '../contract';
import { PlanView, lastLogLine, progressBar, stepLine } from './plan-view';

const base: Omit<TaskInfo, 'steps'> = { id: 't', kind: 'lab-up', title: 'Create my mesh', state: 'running', step: '', percent: null, logSeq: 0, startedAt: 'now' };
const step = (id: string, state: PlanStepInfo['state'], detail = '', percent: number | null = null): PlanStepInfo => ({ id, title: id[0]!.toUpperCase() + id.slice(1), state, detail, percent });

function capture(isTTY: boolean) {
  let text = '';
  return { stream: { isTTY, columns: 80, write: (chunk: string) => (text += chunk) }, text: () => text };
}

describe('plan view', () => {
  it('draws bars and states that read without colour', () => {
    expect(progressBar(50, 10)).toBe('█████░░░░░');
    expect(progressBar(null, 4)).toBe('    ');
    expect(stepLine(step('bookinfo', 'running', '3 of 6 available', 50), 10, false)).toBe('… Bookinfo   ██████████░░░░░░░░░░  50%  3 of 6 available');
    expect(stepLine(step('cluster', 'reused', 'Cluster meshdeck exists'), 8, false)).toBe('✔ Cluster   already there: Cluster meshdeck exists');
    expect(stepLine(step('istio', 'failed', 'istiod waits: ImagePullBackOff'), 5, false)).toBe('✖ Istio  istiod waits: ImagePullBackOff');
  });

  it('prints one line per state change when not on a TTY', () => {
    const out = capture(false);
    const view = new PlanView(out.stream);
    view.update({ ...base, steps: [step('preflight', 'running', 'checking'), step('cluster', 'pending')] });
    view.update({ ...base, steps: [step('preflight', 'running', 'still checking'), step('cluster', 'pending')] });
    view.update({ ...base, steps: [step('preflight', 'done', 'Machine is ready'), step('cluster', 'running', 'creating')] });
    expect(out.text().split('\n').filter(Boolean)).toEqual(['… Preflight  checking', '✔ Preflight  Machine is ready', '… Cluster    creating']);
  });

  it('redraws in place on a TTY and shows the running step’s latest log line', () => {
    const out = capture(true);
    const view = new PlanView(out.stream);
    const cluster = { ...step('cluster', 'running', 'creating', 40), logTail: ['Creating cluster "meshdeck" ...', ' ✓ Preparing nodes'] };
    const task = { ...base, logSeq: 2, steps: [cluster] };
    view.update(task);
    view.update(task);
    expect(out.text()).toContain('\u001b[2F');
    expect(out.text()).toContain('✓ Preparing nodes');
    expect(lastLogLine(cluster)).toBe(' ✓ Preparing nodes');
  });

  it('ends a failed plan with the failed step’s last log lines', () => {
    const out = capture(false);
    const view = new PlanView(out.stream);
    view.finish({ ...base, state: 'failed', logSeq: 3, steps: [{ ...step('istio', 'failed', 'stalled'), logTail: ['x', 'z'] }, { ...step('bookinfo', 'done'), logTail: ['y'] }] });
    expect(out.text()).toContain('Last lines of "Istio":\n  x\n  z\n');
  });
});
