import { describe, expect, it } from 'vitest';
import { AppError, type LabStatusInfo, type PlanStepInfo, type TaskInfo, type TaskLogLineInfo } from '../../../core/contract';
import { PLAN_LOG, skippedNote } from '../model/step-logs';
import { fakeCore as fakeClient, settle } from '../test-support/fake-core';
import {
  askDeleteLab,
  cancelLab,
  confirmDeleteLab,
  connectLabStore,
  loadLabStatus,
  createLab,
  createLabStore,
  currentLabTask,
  currentStepLogs,
  dismissDeleteLab,
  failedStep,
  initialLabState,
  isLabBusy,
  reduceLab,
  resumeLab,
  retryLab,
  type LabState,
  type OptionsMemory,
} from './lab-store';

const labStatus: LabStatusInfo = {
  exists: true,
  name: 'meshdeck',
  context: 'kind-meshdeck',
  provider: 'kind',
  istioVersion: '1.30.5',
  istio: [{ name: 'istiod', namespace: 'istio-system', ready: 1, total: 1 }],
  bookinfo: [{ name: 'productpage-v1', namespace: 'bookinfo', ready: 1, total: 1, withSidecar: 1 }],
  addons: [],
  urls: {
    bookinfo: 'http://localhost:8080/productpage',
    dashboards: { grafana: 'http://grafana.localhost:8080', kiali: 'http://kiali.localhost:8080', tracing: 'http://tracing.localhost:8080', prometheus: 'http://prometheus.localhost:8080' },
  },
};

function step(id: string, state: PlanStepInfo['state'], extra: Partial<PlanStepInfo> = {}): PlanStepInfo {
  return { id, title: id, state, detail: '', percent: null, ...extra };
}

function task(id: string, state: TaskInfo['state'], extra: Partial<TaskInfo> = {}): TaskInfo {
  return {
    id,
    kind: 'lab-up',
    title: 'Create the lab',
    state,
    step: 'Working',
    percent: null,
    logSeq: 0,
    startedAt: '2025-01-01T10:00:00Z',
    steps: [step('preflight', 'done'), step('kind', state === 'running' ? 'running' : 'done')],
    ...(state === 'succeeded' ? { result: { kind: 'lab', status: labStatus } } : {}),
    ...extra,
  };
}

function reduce(...actions: Parameters<typeof reduceLab>[1][]): LabState {
  return actions.reduce(reduceLab, initialLabState);
}

describe('status on launch', () => {
  it('shows an existing lab', async () => {
    const store = createLabStore();
    const { client, calls } = fakeClient({ 'task.list': () => [], 'lab.status': () => labStatus });
    await resumeLab(client, store);
    expect(calls).toEqual([
      ['task.list', {}],
      ['lab.status', {}],
    ]);
    expect(store.getState().state.status).toEqual({ kind: 'present', status: labStatus });
  });

  it('treats CLUSTER_NOT_FOUND as "no lab yet", and other errors as errors', async () => {
    const store = createLabStore();
    const { client } = fakeClient({
      'task.list': () => [],
      'lab.status': () => {
        throw new AppError('CLUSTER_NOT_FOUND', 'No kind cluster named meshdeck.');
      },
    });
    await resumeLab(client, store);
    expect(store.getState().state.status).toEqual({ kind: 'absent' });

    const broken = createLabStore();
    const { client: dockerDown } = fakeClient({
      'task.list': () => [],
      'lab.status': () => {
        throw new AppError('DOCKER_NOT_RUNNING', 'Start Docker.');
      },
    });
    await resumeLab(dockerDown, broken);
    expect(broken.getState().state.status).toEqual({ kind: 'error', error: { code: 'DOCKER_NOT_RUNNING', message: 'Start Docker.' } });
  });

  it('asks about the cluster of the remembered options', async () => {
    const memory: OptionsMemory = { load: () => ({ name: 'workshop', httpPort: 9080 }), save: () => {} };
    const store = createLabStore(initialLabState, memory);
    const { client, calls } = fakeClient({ 'task.list': () => [], 'lab.status': () => ({ ...labStatus, exists: false }) });
    await resumeLab(client, store);
    expect(calls[1]).toEqual(['lab.status', { name: 'workshop' }]);
    expect(store.getState().state.status).toEqual({ kind: 'absent' });
  });

  it('has the core follow the cluster once while a lab is shown, and again for a lab that came back', async () => {
    const store = createLabStore();
    let exists = true;
    const { client, calls } = fakeClient({ 'lab.status': () => ({ ...labStatus, exists }), 'traffic.follow': () => ({ namespace: 'default', state: 'running' }) });
    connectLabStore(client, store);
    await loadLabStatus(client, store);
    await loadLabStatus(client, store);
    const follows = () => calls.filter(([method]) => method === 'traffic.follow').length;
    expect(follows()).toBe(1);
    exists = false;
    await loadLabStatus(client, store);
    exists = true;
    await loadLabStatus(client, store);
    expect(follows()).toBe(2);
  });
});

describe('a lab that goes away under a screen', () => {
  it('reads the lab again on lab:state, so Setup offers to create it', async () => {
    const store = createLabStore();
    let exists = true;
    const { client, emit } = fakeClient({ 'lab.status': () => ({ ...labStatus, exists }) });
    connectLabStore(client, store);
    await loadLabStatus(client, store);
    expect(store.getState().state.status.kind).toBe('present');
    exists = false;
    emit('lab:state', { state: 'gone', context: 'kind-meshdeck', reason: 'The lab’s cluster has not answered for 4 s.', at: '2026-01-01T00:00:00.000Z' });
    await settle();
    expect(store.getState().state.status).toEqual({ kind: 'absent' });
  });
});

describe('lab up', () => {
  it('starts the plan and follows task updates and typed log lines to the result', async () => {
    const store = createLabStore();
    const { client, calls, emit } = fakeClient({ 'lab.up': () => ({ taskId: 'up1' }), 'task.get': () => task('up1', 'running') });
    connectLabStore(client, store);
    await createLab(client, store, { name: 'workshop' });
    await settle();
    expect(calls).toEqual([
      ['lab.up', { name: 'workshop' }],
      ['task.get', { taskId: 'up1' }],
    ]);
    expect(isLabBusy(store.getState().state)).toBe(true);

    emit('task:log', { taskId: 'up1', fromSeq: 0, lines: [{ step: 'kind', text: 'Creating cluster "workshop"' }], skipped: 0 });
    emit('task:update', task('up1', 'running', { logSeq: 1 }));
    emit('task:log', {
      taskId: 'up1',
      fromSeq: 1,
      lines: [
        { step: 'kind', text: 'Ensuring node image' },
        { step: 'cluster', text: 'Waiting' },
      ],
      skipped: 0,
    });
    emit('task:update', task('up1', 'running', { logSeq: 3 }));
    expect(currentStepLogs(store.getState().state).kind).toEqual({ total: 2, lines: ['Creating cluster "workshop"', 'Ensuring node image'] });
    expect(currentStepLogs(store.getState().state).cluster?.lines).toEqual(['Waiting']);

    emit('task:update', task('up1', 'succeeded', { logSeq: 3 }));
    const state = store.getState().state;
    expect(isLabBusy(state)).toBe(false);
    expect(state.status).toEqual({ kind: 'present', status: labStatus });
    expect(state.lastOptions).toEqual({ name: 'workshop' });
    expect(calls.filter(([method]) => method === 'task.log')).toEqual([]);
  });

  it('keeps updates that arrive before lab.up answers', () => {
    const early = reduce(
      { type: 'up-requested', options: {} },
      { type: 'task-updated', task: task('up1', 'running') },
      { type: 'task-logged', log: { taskId: 'up1', fromSeq: 0, lines: [{ step: 'preflight', text: 'ok' }], skipped: 0 } },
    );
    expect(early.currentTaskId).toBeNull();
    const accepted = reduceLab(early, { type: 'request-accepted', taskId: 'up1' });
    expect(currentLabTask(accepted)?.id).toBe('up1');
    expect(currentStepLogs(accepted).preflight?.lines).toEqual(['ok']);
  });

  it('reads the lines it missed, marks those the core no longer kept, and catches up after a reconnect', async () => {
    const store = createLabStore();
    const written: TaskLogLineInfo[] = [];
    const write = (count: number, step: string) => {
      for (let index = 0; index < count; index++) written.push({ step, text: `line ${written.length}` });
    };
    const kept = 10;
    const { client, emit, of } = fakeClient({
      'lab.up': () => ({ taskId: 'up1' }),
      'task.get': () => task('up1', 'running', { logSeq: written.length, steps: [step('kind', 'done'), step('istio', 'running')] }),
      // The core keeps the newest lines only, as its task manager does.
      'task.log': ({ fromSeq = 0 }) => {
        const from = Math.max(fromSeq, written.length - kept);
        return { taskId: 'up1', fromSeq: from, lines: written.slice(from), skipped: from - fromSeq };
      },
    });
    const connection = connectLabStore(client, store);
    write(3, 'kind');
    await createLab(client, store, {});
    await settle();
    // Joined with three lines logged: they are read once.
    expect(of('task.log')).toEqual([{ taskId: 'up1', fromSeq: 0 }]);
    expect(currentStepLogs(store.getState().state).kind?.lines).toEqual(['line 0', 'line 1', 'line 2']);

    // 38 lines are logged while this page hears nothing; then a batch with the newest one arrives.
    write(38, 'istio');
    emit('task:log', { taskId: 'up1', fromSeq: 40, lines: written.slice(40), skipped: 0 });
    await settle();
    expect(of('task.log').at(-1)).toEqual({ taskId: 'up1', fromSeq: 3 });
    const logs = currentStepLogs(store.getState().state);
    expect(logs.istio?.lines).toEqual([skippedNote(28), ...written.slice(31).map((entry) => entry.text)]);
    expect(logs[PLAN_LOG]?.lines).toEqual([skippedNote(28)]);
    expect(logs.kind?.lines).toEqual(['line 0', 'line 1', 'line 2']);

    write(1, 'istio');
    await connection.refresh();
    await settle();
    expect(of('task.log').at(-1)).toEqual({ taskId: 'up1', fromSeq: 41 });
    expect(currentStepLogs(store.getState().state).istio?.lines.at(-1)).toBe('line 41');
  });

  it('never lets a stale running snapshot undo a finished task', () => {
    const done = reduce({ type: 'request-accepted', taskId: 'up1' }, { type: 'task-updated', task: task('up1', 'succeeded') });
    expect(reduceLab(done, { type: 'task-updated', task: task('up1', 'running') })).toBe(done);
  });

  it('records why lab.up was refused', async () => {
    const store = createLabStore();
    const { client } = fakeClient({
      'lab.up': () => {
        throw new AppError('INVALID_ARGUMENT', 'The HTTP and HTTPS host ports must differ.');
      },
    });
    await createLab(client, store, { httpPort: 8443 });
    expect(store.getState().state.requestError?.code).toBe('INVALID_ARGUMENT');
    expect(isLabBusy(store.getState().state)).toBe(false);
  });

  it('saves the options of each run to the memory', async () => {
    const saved: unknown[] = [];
    const store = createLabStore(initialLabState, { load: () => null, save: (options) => saved.push(options) });
    const { client } = fakeClient({ 'lab.up': () => ({ taskId: 'up1' }), 'task.get': () => task('up1', 'running') });
    await createLab(client, store, { istioVersion: '1.31.1' });
    expect(saved).toEqual([{ istioVersion: '1.31.1' }]);
  });
});

describe('reload mid-run', () => {
  it('finds the running lab-up task and follows it, its log read from the start', async () => {
    const store = createLabStore();
    const running = task('up7', 'running', { startedAt: '2025-01-01T11:00:00Z', logSeq: 1 });
    const { client } = fakeClient({
      'task.list': () => [task('old', 'failed'), { ...task('doc', 'running'), kind: 'doctor' }, running],
      'task.get': () => running,
      'task.log': () => ({ taskId: 'up7', fromSeq: 0, lines: [{ step: 'kind', text: 'pulling kindest/node' }], skipped: 0 }),
      'lab.status': () => {
        throw new AppError('CLUSTER_NOT_FOUND', 'not yet');
      },
    });
    connectLabStore(client, store);
    await resumeLab(client, store);
    await settle();
    const state = store.getState().state;
    expect(state.currentTaskId).toBe('up7');
    expect(isLabBusy(state)).toBe(true);
    expect(currentStepLogs(state).kind?.lines).toEqual(['pulling kindest/node']);
  });

  it('follows a lab task started elsewhere, but not while its own is running', () => {
    const mine = reduce({ type: 'request-accepted', taskId: 'up1' }, { type: 'task-updated', task: task('up1', 'running') });
    const other = task('up2', 'running', { startedAt: '2025-01-01T12:00:00Z' });
    expect(reduceLab(mine, { type: 'task-updated', task: other }).currentTaskId).toBe('up1');
    const finished = reduceLab(mine, { type: 'task-updated', task: task('up1', 'failed') });
    expect(reduceLab(finished, { type: 'task-updated', task: other }).currentTaskId).toBe('up2');
  });
});

describe('failure and retry', () => {
  const failure = task('up1', 'failed', {
    steps: [step('preflight', 'done'), step('cluster', 'failed', { error: { code: 'PORT_IN_USE', message: 'Port 8080 is taken; use --http-port 8081.' } }), step('istio', 'pending')],
    error: { code: 'PORT_IN_USE', message: 'Port 8080 is taken; use --http-port 8081.' },
  });

  it('shows which step failed and why', () => {
    const state = reduce({ type: 'up-requested', options: { name: 'w' } }, { type: 'request-accepted', taskId: 'up1' }, { type: 'task-updated', task: failure });
    expect(isLabBusy(state)).toBe(false);
    expect(failedStep(currentLabTask(state))).toMatchObject({ id: 'cluster', error: { code: 'PORT_IN_USE' } });
  });

  it('retries with the same options and follows the new task', async () => {
    const store = createLabStore();
    let next = 0;
    const { client, calls } = fakeClient({
      'lab.up': () => ({ taskId: `up${++next}` }),
      'task.get': ({ taskId }) => (taskId === 'up1' ? failure : task('up2', 'running', { steps: [step('preflight', 'reused'), step('cluster', 'running')] })),
    });
    connectLabStore(client, store);
    await createLab(client, store, { name: 'workshop', httpPort: 9080 });
    await settle();
    expect(currentLabTask(store.getState().state)?.state).toBe('failed');
    await retryLab(client, store);
    await settle();
    expect(calls.filter(([method]) => method === 'lab.up')).toEqual([
      ['lab.up', { name: 'workshop', httpPort: 9080 }],
      ['lab.up', { name: 'workshop', httpPort: 9080 }],
    ]);
    const state = store.getState().state;
    expect(state.currentTaskId).toBe('up2');
    expect(currentLabTask(state)?.steps?.[0]?.state).toBe('reused');
  });

  it('does not start a second run while one is going', async () => {
    const store = createLabStore();
    const { client, methods } = fakeClient({ 'lab.up': () => ({ taskId: 'up1' }), 'task.get': () => task('up1', 'running') });
    await createLab(client, store, {});
    await retryLab(client, store);
    expect(methods().filter((method) => method === 'lab.up')).toHaveLength(1);
  });
});

describe('cancel', () => {
  it('cancels the current task and records the cancelled snapshot', async () => {
    const store = createLabStore(reduce({ type: 'request-accepted', taskId: 'up1' }, { type: 'task-updated', task: task('up1', 'running') }));
    const { client, calls } = fakeClient({ 'task.cancel': () => task('up1', 'cancelled', { steps: [step('preflight', 'done'), step('kind', 'cancelled')] }) });
    await cancelLab(client, store);
    expect(calls).toEqual([['task.cancel', { taskId: 'up1' }]]);
    const state = store.getState().state;
    expect(currentLabTask(state)?.state).toBe('cancelled');
    expect(isLabBusy(state)).toBe(false);
  });
});

describe('lab down', () => {
  it('needs the confirmation before anything is deleted, and reads what will go when it opens', async () => {
    const store = createLabStore(reduce({ type: 'status-loaded', status: labStatus }));
    const removal = { name: 'meshdeck', context: 'kind-meshdeck', provider: 'kind' as const, deletesCluster: true, items: ['kind cluster meshdeck and everything in it'], kept: [] };
    const { client, methods, of } = fakeClient({ 'lab.down': () => ({ taskId: 'down1' }), 'lab.removal': () => removal, 'task.get': () => ({ ...task('down1', 'running'), kind: 'lab-down' }) });
    await confirmDeleteLab(client, store);
    expect(methods()).toEqual([]);

    await askDeleteLab(client, store);
    expect(store.getState().state.removal).toEqual(removal);
    dismissDeleteLab(store);
    await confirmDeleteLab(client, store);
    expect(methods()).toEqual(['lab.removal']);

    await askDeleteLab(client, store);
    expect(store.getState().state.confirmingDelete).toBe(true);
    await confirmDeleteLab(client, store);
    expect(of('lab.removal')).toEqual([{ name: 'meshdeck' }, { name: 'meshdeck' }]);
    expect(of('lab.down')).toEqual([{ name: 'meshdeck', confirmed: true }]);
    expect(store.getState().state.confirmingDelete).toBe(false);
    expect(store.getState().state.currentTaskId).toBe('down1');
  });

  it('names a lab on the user’s cluster by its context, and opens the dialog even when removal cannot be read', async () => {
    const store = createLabStore(reduce({ type: 'status-loaded', status: { ...labStatus, provider: 'context', name: 'team', context: 'team-ctx' } }));
    const { client, of } = fakeClient({ 'lab.down': () => ({ taskId: 'down1' }), 'lab.removal': () => Promise.reject(new AppError('K8S_API', 'down')), 'task.get': () => ({ ...task('down1', 'running'), kind: 'lab-down' }) });
    await askDeleteLab(client, store);
    expect(store.getState().state).toMatchObject({ confirmingDelete: true, removal: null });
    await confirmDeleteLab(client, store);
    expect(of('lab.removal')).toEqual([{ context: 'team-ctx' }]);
    expect(of('lab.down')).toEqual([{ context: 'team-ctx', confirmed: true }]);
  });

  it('shows no lab once the delete task succeeded', () => {
    const down: TaskInfo = { ...task('down1', 'succeeded'), kind: 'lab-down', result: undefined };
    const state = reduce({ type: 'status-loaded', status: labStatus }, { type: 'delete-asked' }, { type: 'down-requested' }, { type: 'request-accepted', taskId: 'down1' }, { type: 'task-updated', task: down });
    expect(state.status).toEqual({ kind: 'absent' });
  });
});
