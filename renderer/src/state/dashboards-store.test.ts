import { describe, expect, it } from 'vitest';
import { AppError, type Client, type DashboardsHealthInfo, type TaskInfo } from '../../../core/contract';
import { fakeCore, settle } from '../test-support/fake-core';
import { connectDashboardsStore, createDashboardsStore, initialDashboardsState, isRepairing, loadDashboardsHealth, reduceDashboards, repairDashboards, shownReport } from './dashboards-store';

const report: DashboardsHealthInfo = {
  checkedAt: '2026-10-01T10:00:00.000Z',
  gateway: '127.0.0.1:8080',
  dashboards: [{ name: 'kiali', url: 'http://kiali.localhost:8080/kiali/', ready: true, reason: 'ok', pods: { ready: 1, total: 1 }, httpStatus: 200, framing: 'allowed' }],
};

function task(state: TaskInfo['state'], id = 'task-1'): TaskInfo {
  return { id, kind: 'lab-up', title: 'Set up the mesh', state, step: '', percent: null, logSeq: 0, startedAt: '2026-10-01T10:00:00.000Z', ...(state === 'failed' ? { error: { code: 'STALLED', message: 'grafana is ImagePullBackOff' } } : {}) };
}

function fakeClient(answers: Record<string, unknown>): Pick<Client, 'call'> & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    call: (async (method: string) => {
      calls.push(method);
      const answer = answers[method];
      if (answer instanceof Error) throw answer;
      return answer;
    }) as Client['call'],
  };
}

describe('reduceDashboards', () => {
  it('keeps the last report while it is read again and after a failure', () => {
    let state = reduceDashboards(initialDashboardsState, { type: 'health-loaded', info: report });
    state = reduceDashboards(state, { type: 'health-requested' });
    expect(shownReport(state)).toBe(report);
    state = reduceDashboards(state, { type: 'health-failed', error: { code: 'K8S_API', message: 'down' } });
    expect(shownReport(state)).toBe(report);
  });

  it('follows only its own repair task to the end', () => {
    let state = reduceDashboards(initialDashboardsState, { type: 'repair-requested' });
    expect(isRepairing(state)).toBe(true);
    state = reduceDashboards(state, { type: 'repair-started', taskId: 'task-1' });
    state = reduceDashboards(state, { type: 'task-updated', task: task('running', 'other') });
    expect(state.repair).toEqual({ kind: 'running', taskId: 'task-1', task: null });
    state = reduceDashboards(state, { type: 'task-updated', task: task('running') });
    expect(state.repair.kind === 'running' && state.repair.task?.state).toBe('running');
    state = reduceDashboards(state, { type: 'task-updated', task: task('failed') });
    expect(state.repair).toEqual({ kind: 'failed', error: { code: 'STALLED', message: 'grafana is ImagePullBackOff' } });
    expect(isRepairing(state)).toBe(false);
  });

  it('remembers the chosen view per dashboard and the split view', () => {
    let state = reduceDashboards(initialDashboardsState, { type: 'view-chosen', name: 'grafana', view: 'workload' });
    state = reduceDashboards(state, { type: 'split-toggled', split: true });
    state = reduceDashboards(state, { type: 'split-dashboard-chosen', name: 'grafana' });
    expect(state).toMatchObject({ views: { grafana: 'workload' }, split: true, splitDashboard: 'grafana', active: 'kiali' });
  });
});

describe('flows', () => {
  it('loads the report, and reports a failure instead of throwing', async () => {
    const store = createDashboardsStore();
    await loadDashboardsHealth(fakeClient({ 'dashboards.health': report }), store);
    expect(store.getState().state.health).toEqual({ kind: 'loaded', info: report });
    await loadDashboardsHealth(fakeClient({ 'dashboards.health': new AppError('K8S_API', 'The API server does not answer.') }), store);
    expect(store.getState().state.health).toMatchObject({ kind: 'error', error: { code: 'K8S_API' }, last: report });
  });

  it('starts a repair once and follows the task it names to its end', async () => {
    const store = createDashboardsStore();
    const core = fakeCore({ 'dashboards.repair': () => ({ taskId: 'task-1' }), 'task.get': () => task('running') });
    connectDashboardsStore(core.client, store);
    await Promise.all([repairDashboards(core.client, store), repairDashboards(core.client, store)]);
    await settle();
    expect(core.of('dashboards.repair')).toHaveLength(1);
    expect(core.of('task.get')).toEqual([{ taskId: 'task-1' }]);
    core.emit('task:update', task('succeeded'));
    expect(store.getState().state.repair).toEqual({ kind: 'done' });
    expect(core.listening('task:update')).toBe(1);
  });

  it('reads the report again when a lab-up ends, once it has been read', async () => {
    const store = createDashboardsStore();
    const core = fakeCore({ 'dashboards.health': () => report });
    connectDashboardsStore(core.client, store);
    core.emit('task:update', task('succeeded', 'elsewhere'));
    expect(core.of('dashboards.health')).toHaveLength(0);
    await loadDashboardsHealth(core.client, store);
    core.emit('task:update', task('succeeded', 'elsewhere'));
    await settle();
    expect(core.of('dashboards.health')).toHaveLength(2);
  });

  it('shows why a repair could not start', async () => {
    const store = createDashboardsStore();
    await repairDashboards(fakeClient({ 'dashboards.repair': new AppError('INVALID_ARGUMENT', 'The lab is being deleted; wait for that to finish.') }), store);
    expect(store.getState().state.repair).toEqual({ kind: 'failed', error: { code: 'INVALID_ARGUMENT', message: 'The lab is being deleted; wait for that to finish.' } });
  });
});
