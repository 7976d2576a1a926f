import { describe, expect, it } from 'vitest';
import { AppError, type Client, type KubeContextInfo, type LabStatusInfo, type MethodName, type PlanStepInfo, type TaskInfo } from '../../../core/contract';
import {
  askDeleteLab,
  cancelLab,
  confirmDeleteLab,
  createLab,
  createLabStore,
  currentLabTask,
  currentStepLogs,
  dismissDeleteLab,
  failedStep,
  initialLabState,
  isLabBusy,
  loadKubeContexts,
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
    log: [],
    startedAt: '2025-01-01T10:00:00Z',
    steps: [step('preflight', 'done'), step('kind', state === 'running' ? 'running' : 'done')],
    ...(state === 'succeeded' ? { result: { kind: 'lab', status: labStatus } } : {}),
    ...extra,
  };
}

function reduce(...actions: Parameters<typeof reduceLab>[1][]): LabState {
  return actions.reduce(reduceLab, initialLabState);
}

type Handler = (params: unknown) => unknown;

function fakeClient(handlers: Partial<Record<MethodName, Handler>>) {
  const calls: [string, unknown][] = [];
  const client: Pick<Client, 'call'> = {
    call: (async (method: MethodName, params: unknown) => {
      calls.push([method, params]);
      const handler = handlers[method];
      if (!handler) throw new AppError('NOT_FOUND', `no fake for ${method}`);
      return handler(params);
    }) as Client['call'],
  };
  return { client, calls, methods: () => calls.map(([method]) => method) };
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
});

describe('lab up', () => {
  it('starts the plan and follows task updates to the result', async () => {
    const store = createLabStore();
    const { client, calls } = fakeClient({ 'lab.up': () => ({ taskId: 'up1' }), 'task.get': () => task('up1', 'running') });
    await createLab(client, store, { name: 'workshop' });
    expect(calls).toEqual([
      ['lab.up', { name: 'workshop' }],
      ['task.get', { taskId: 'up1' }],
    ]);
    expect(isLabBusy(store.getState().state)).toBe(true);

    const { dispatch } = store.getState();
    dispatch({ type: 'task-updated', task: task('up1', 'running', { log: ['[kind] Creating cluster "workshop"'] }) });
    dispatch({ type: 'task-updated', task: task('up1', 'running', { log: ['[kind] Creating cluster "workshop"', '[kind] Ensuring node image', '[cluster] Waiting'] }) });
    expect(currentStepLogs(store.getState().state).kind).toEqual({ total: 2, lines: ['Creating cluster "workshop"', 'Ensuring node image'] });
    expect(currentStepLogs(store.getState().state).cluster?.lines).toEqual(['Waiting']);

    dispatch({ type: 'task-updated', task: task('up1', 'succeeded') });
    const state = store.getState().state;
    expect(isLabBusy(state)).toBe(false);
    expect(state.status).toEqual({ kind: 'present', status: labStatus });
    expect(state.lastOptions).toEqual({ name: 'workshop' });
  });

  it('keeps updates that arrive before lab.up answers', () => {
    const early = reduce({ type: 'up-requested', options: {} }, { type: 'task-updated', task: task('up1', 'running', { log: ['[preflight] ok'] }) });
    expect(early.currentTaskId).toBeNull();
    const accepted = reduceLab(early, { type: 'request-accepted', taskId: 'up1' });
    expect(currentLabTask(accepted)?.id).toBe('up1');
    expect(currentStepLogs(accepted).preflight?.lines).toEqual(['ok']);
  });

  it('splits a sliding log window per step without repeating lines', () => {
    let state = reduce({ type: 'request-accepted', taskId: 'up1' });
    state = reduceLab(state, { type: 'task-updated', task: task('up1', 'running', { log: ['[kind] 1', '[kind] 2', '[istio] 3'] }) });
    // The core keeps a capped tail: "[kind] 1" fell off while two lines arrived.
    state = reduceLab(state, { type: 'task-updated', task: task('up1', 'running', { log: ['[kind] 2', '[istio] 3', '[istio] 4', '[kind] 5'] }) });
    expect(currentStepLogs(state).kind).toEqual({ total: 3, lines: ['1', '2', '5'] });
    expect(currentStepLogs(state).istio).toEqual({ total: 2, lines: ['3', '4'] });
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
  it('finds the running lab-up task and follows it, logs included', async () => {
    const store = createLabStore();
    const running = task('up7', 'running', { startedAt: '2025-01-01T11:00:00Z', log: ['[kind] pulling kindest/node'] });
    const { client } = fakeClient({
      'task.list': () => [task('old', 'failed'), { ...task('doc', 'running'), kind: 'doctor' }, running],
      'lab.status': () => {
        throw new AppError('CLUSTER_NOT_FOUND', 'not yet');
      },
    });
    await resumeLab(client, store);
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
      'task.get': (params) => ((params as { taskId: string }).taskId === 'up1' ? failure : task('up2', 'running', { steps: [step('preflight', 'reused'), step('cluster', 'running')] })),
    });
    await createLab(client, store, { name: 'workshop', httpPort: 9080 });
    expect(currentLabTask(store.getState().state)?.state).toBe('failed');
    await retryLab(client, store);
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
  it('needs the confirmation before anything is deleted', async () => {
    const store = createLabStore(reduce({ type: 'status-loaded', status: labStatus }));
    const { client, calls } = fakeClient({ 'lab.down': () => ({ taskId: 'down1' }), 'task.get': () => ({ ...task('down1', 'running'), kind: 'lab-down' }) });
    await confirmDeleteLab(client, store);
    expect(calls).toEqual([]);

    askDeleteLab(store);
    dismissDeleteLab(store);
    await confirmDeleteLab(client, store);
    expect(calls).toEqual([]);

    askDeleteLab(store);
    expect(store.getState().state.confirmingDelete).toBe(true);
    await confirmDeleteLab(client, store);
    expect(calls[0]).toEqual(['lab.down', { name: 'meshdeck', confirmed: true }]);
    expect(store.getState().state.confirmingDelete).toBe(false);
    expect(store.getState().state.currentTaskId).toBe('down1');
  });

  it('shows no lab once the delete task succeeded', () => {
    const down: TaskInfo = { ...task('down1', 'succeeded'), kind: 'lab-down', result: undefined };
    const state = reduce({ type: 'status-loaded', status: labStatus }, { type: 'delete-asked' }, { type: 'down-requested' }, { type: 'request-accepted', taskId: 'down1' }, { type: 'task-updated', task: down });
    expect(state.status).toEqual({ kind: 'absent' });
  });
});

describe('kube contexts for the Options picker', () => {
  const contexts: KubeContextInfo[] = [
    { name: 'team-cluster', cluster: 'team', server: 'https://team.example.com:6443', current: true },
    { name: 'kind-meshdeck', cluster: 'kind-meshdeck', server: 'https://127.0.0.1:40123', current: false },
  ];

  it('reads them with kube.contexts, and keeps the list shown while reading again', async () => {
    const store = createLabStore();
    expect(store.getState().state.contexts).toEqual({ kind: 'unknown' });
    const { client, calls } = fakeClient({ 'kube.contexts': () => contexts });
    await loadKubeContexts(client, store);
    expect(calls).toEqual([['kube.contexts', {}]]);
    expect(store.getState().state.contexts).toEqual({ kind: 'loaded', contexts });

    expect(reduceLab(store.getState().state, { type: 'contexts-requested' }).contexts).toEqual({ kind: 'loading', contexts });
  });

  it('turns a refusal into an error the form shows, and never throws', async () => {
    const store = createLabStore();
    const { client } = fakeClient({
      'kube.contexts': () => {
        throw new AppError('INVALID_ARGUMENT', 'Your kubeconfig at /home/u/.kube/config cannot be read.');
      },
    });
    await loadKubeContexts(client, store);
    expect(store.getState().state.contexts).toMatchObject({ kind: 'error', error: { code: 'INVALID_ARGUMENT' } });
  });

  it('asks only once while a read is on its way', async () => {
    const store = createLabStore();
    let release: (value: KubeContextInfo[]) => void = () => undefined;
    const { client, calls } = fakeClient({ 'kube.contexts': () => new Promise<KubeContextInfo[]>((resolve) => (release = resolve)) });
    const first = loadKubeContexts(client, store);
    await loadKubeContexts(client, store);
    release(contexts);
    await first;
    expect(calls).toHaveLength(1);
    expect(store.getState().state.contexts).toEqual({ kind: 'loaded', contexts });
  });
});
