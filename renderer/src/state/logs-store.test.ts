import { afterEach, describe, expect, it } from 'vitest';
import { AppError, type Client, type ContainerInfo, type LogPodInfo, type LogTargetsInfo, type MethodName } from '../../../core/contract';
import { DEFAULT_LOG_SETTINGS, LOG_SETTINGS_KEY, type SettingsStorage } from '../model/log-settings';
import { appStore, showSection } from './app-store';
import {
  canShowPrevious,
  containerChoices,
  createLogsStore,
  initialLogsState,
  loadLogTargets,
  logRequest,
  normalizeTarget,
  openLogs,
  reduceLogs,
  shellTarget,
  streamKey,
  type LogsAction,
  type LogsState,
} from './logs-store';
import { createShellsStore } from './shells-store';

function container(name: string, extra: Partial<ContainerInfo> = {}): ContainerInfo {
  return { name, kind: 'app', restartCount: 0, hasPrevious: false, ...extra };
}

function pod(name: string, workload: string, containers: ContainerInfo[], extra: Partial<LogPodInfo> = {}): LogPodInfo {
  return { name, namespace: 'default', phase: 'Running', ready: true, containers, workload, ...extra };
}

// Istio 1.30 on a 1.33+ node: istio-proxy is a native sidecar, listed with the init containers.
const sidecar = [container('istio-init', { kind: 'init' }), container('istio-proxy', { kind: 'init', sidecar: true })];

const bookinfo: LogTargetsInfo = {
  namespace: 'default',
  workloads: [
    { ref: 'deploy/details-v1', namespace: 'default', pods: ['details-v1-7d4d9d5fcb-2xk8p'] },
    { ref: 'deploy/productpage-v1', namespace: 'default', pods: ['productpage-v1-6bd8f5b5d9-n7xkq'] },
    { ref: 'deploy/reviews-v2', namespace: 'default', pods: ['reviews-v2-69c6c9d68b-8zr5k', 'reviews-v2-69c6c9d68b-q7w2e'] },
  ],
  pods: [
    pod('details-v1-7d4d9d5fcb-2xk8p', 'deploy/details-v1', [container('details'), ...sidecar]),
    // The classic shape, sidecar listed first (HoldApplicationUntilProxyStarts).
    pod('productpage-v1-6bd8f5b5d9-n7xkq', 'deploy/productpage-v1', [container('istio-proxy', { sidecar: true }), container('productpage'), container('istio-init', { kind: 'init' })]),
    pod('reviews-v2-69c6c9d68b-8zr5k', 'deploy/reviews-v2', [container('reviews', { restartCount: 2, hasPrevious: true }), ...sidecar], { phase: 'Pending', ready: false }),
    pod('reviews-v2-69c6c9d68b-q7w2e', 'deploy/reviews-v2', [container('reviews'), ...sidecar]),
  ],
};

function reduce(...actions: LogsAction[]): LogsState {
  return actions.reduce(reduceLogs, initialLogsState(DEFAULT_LOG_SETTINGS));
}

function memoryStorage(): SettingsStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

function fakeClient(answer: (params: { namespace?: string }) => Promise<LogTargetsInfo>) {
  const calls: [MethodName, unknown][] = [];
  const client: Pick<Client, 'call'> = {
    call: (async (method: MethodName, params: { namespace?: string }) => {
      calls.push([method, params]);
      if (method !== 'logs.targets') throw new AppError('NOT_FOUND', `no fake for ${method}`);
      return answer(params);
    }) as Client['call'],
  };
  return { client, calls };
}

afterEach(() => showSection('setup'));

describe('choosing what to show', () => {
  it('starts on Bookinfo’s product page, in its app container rather than the sidecar', () => {
    const state = reduce({ type: 'targets-loaded', targets: bookinfo });
    expect(state.target).toBe('deploy/productpage-v1');
    expect(state.container).toBe('productpage');
    expect(containerChoices(state).map((choice) => choice.name)).toEqual(['istio-proxy', 'productpage', 'istio-init']);
  });

  it('offers every container name across the pods of a workload, restarts merged', () => {
    const state = reduce({ type: 'targets-loaded', targets: bookinfo }, { type: 'target-chosen', target: 'deploy/reviews-v2' });
    expect(state.container).toBe('reviews');
    expect(containerChoices(state)).toEqual([container('reviews', { restartCount: 2, hasPrevious: true }), container('istio-init', { kind: 'init' }), container('istio-proxy', { kind: 'init', sidecar: true })]);
  });

  it('allows the previous instance only for a container that has one', () => {
    const reviews = reduce({ type: 'targets-loaded', targets: bookinfo }, { type: 'target-chosen', target: 'deploy/reviews-v2' });
    expect(canShowPrevious(reviews)).toBe(true);
    const previous = reduceLogs(reviews, { type: 'option-changed', previous: true });
    expect(logRequest(previous)?.previous).toBe(true);
    const sidecarChosen = reduceLogs(previous, { type: 'container-chosen', container: 'istio-proxy' });
    expect(canShowPrevious(sidecarChosen)).toBe(false);
    expect(sidecarChosen.previous).toBe(false);
    expect(reduceLogs(sidecarChosen, { type: 'option-changed', previous: true }).previous).toBe(false);
  });

  it('opens nothing until the namespace’s pods were read, then asks for what the options say', () => {
    const before = reduce({ type: 'open-requested', request: { namespace: 'default', target: 'deploy/productpage-v1' } });
    expect(logRequest(before)).toBeNull();
    const loaded = reduceLogs(before, { type: 'targets-loaded', targets: bookinfo });
    expect(logRequest(loaded)).toEqual({ namespace: 'default', target: 'deploy/productpage-v1', container: 'productpage', follow: true, timestamps: false, tailLines: 1_000 });
    const changed = reduceLogs(loaded, { type: 'settings-changed', settings: { tail: 'all', since: '5m', timestamps: true } });
    expect(logRequest(changed)).toEqual({ namespace: 'default', target: 'deploy/productpage-v1', container: 'productpage', follow: true, timestamps: true, sinceSeconds: 300 });
  });

  it('opens the stream again when a choice changes or the same target is asked for again, not for view settings', () => {
    const loaded = reduce({ type: 'targets-loaded', targets: bookinfo });
    const key = streamKey(loaded);
    expect(streamKey(reduceLogs(loaded, { type: 'settings-changed', settings: { wrap: false, highlight: false, fontSize: 14 } }))).toBe(key);
    expect(streamKey(reduceLogs(loaded, { type: 'container-chosen', container: 'istio-proxy' }))).not.toBe(key);
    expect(streamKey(reduceLogs(loaded, { type: 'option-changed', follow: false }))).not.toBe(key);
    expect(streamKey(reduceLogs(loaded, { type: 'open-requested', request: { target: 'deploy/productpage-v1' } }))).not.toBe(key);
    expect(streamKey(reduceLogs(loaded, { type: 'reopen' }))).not.toBe(key);
  });

  it('starts over when the namespace changes, and ignores an answer for the namespace it left', () => {
    const moved = reduce({ type: 'targets-loaded', targets: bookinfo }, { type: 'namespace-chosen', namespace: 'istio-system' });
    expect(moved).toMatchObject({ namespace: 'istio-system', target: null, container: null, targets: { kind: 'unknown' } });
    expect(reduceLogs(moved, { type: 'targets-loaded', targets: bookinfo })).toBe(moved);
  });

  it('reads pod names in every spelling kubectl takes', () => {
    expect(normalizeTarget('productpage-v1-6bd8f5b5d9-n7xkq')).toBe('pod/productpage-v1-6bd8f5b5d9-n7xkq');
    expect(normalizeTarget('po/x')).toBe('pod/x');
    expect(normalizeTarget('deployment/reviews-v1')).toBe('deploy/reviews-v1');
    expect(normalizeTarget('deploy/reviews-v1')).toBe('deploy/reviews-v1');
    expect(normalizeTarget('statefulset/db')).toBe('sts/db');
  });
});

describe('the stream as the view reports it', () => {
  it('counts written and dropped lines, and forgets them for the next stream', () => {
    const open = reduce(
      { type: 'stream-opening' },
      { type: 'stream-opened', streamId: 's-1', sources: 1 },
      { type: 'batch-written', lines: 500, dropped: 0, sources: 1 },
      { type: 'batch-written', lines: 200, dropped: 1_234, sources: 2 },
    );
    expect(open.stream).toMatchObject({ phase: 'open', lines: 700, dropped: 1_234, sources: 2 });
    const ended = reduceLogs(open, { type: 'stream-ended', ended: { reason: 'complete' } });
    expect(ended.stream.phase).toBe('ended');
    expect(reduceLogs(ended, { type: 'stream-opening' }).stream).toMatchObject({ phase: 'opening', lines: 0, dropped: 0, ended: null });
  });

  it('pauses once for the first reason and follows again on resume or a new stream', () => {
    const scrolled = reduce({ type: 'paused', reason: 'scroll' }, { type: 'paused', reason: 'user' });
    expect(scrolled.paused).toBe('scroll');
    expect(reduceLogs(scrolled, { type: 'resumed' }).paused).toBeNull();
    expect(reduceLogs(scrolled, { type: 'stream-opening' }).paused).toBeNull();
  });
});

describe('where a shell opens', () => {
  it('opens in the chosen container of a running pod of the workload', () => {
    const reviews = reduce({ type: 'targets-loaded', targets: bookinfo }, { type: 'target-chosen', target: 'deploy/reviews-v2' });
    expect(shellTarget(reviews)).toEqual({ pod: 'reviews-v2-69c6c9d68b-q7w2e', container: 'reviews' });
  });

  it('has nowhere to open before the pods are known', () => {
    expect(shellTarget(reduce({ type: 'open-requested', request: { target: 'deploy/reviews-v2' } }))).toBeNull();
  });
});

describe('openLogs', () => {
  it('switches to the Logs section with that target’s stream, the log shown and the shells kept', () => {
    const store = createLogsStore();
    store.getState().dispatch({ type: 'targets-loaded', targets: bookinfo });
    const shells = createShellsStore();
    shells.getState().dispatch({ type: 'tab-added', target: { pod: 'reviews-v2-69c6c9d68b-q7w2e', container: 'reviews' }, namespace: 'default' });
    let navigated = 0;
    openLogs({ namespace: 'default', target: 'productpage-v1-6bd8f5b5d9-n7xkq', container: 'istio-proxy' }, store, () => navigated++, shells);
    const { state } = store.getState();
    expect(navigated).toBe(1);
    expect(state).toMatchObject({ target: 'pod/productpage-v1-6bd8f5b5d9-n7xkq', container: 'istio-proxy', generation: 1 });
    expect(shells.getState().state).toMatchObject({ active: null, tabs: [{ id: 'shell-1', phase: 'opening' }] });
    expect(logRequest(state)).toMatchObject({ target: 'pod/productpage-v1-6bd8f5b5d9-n7xkq', container: 'istio-proxy' });
  });

  it('shows the Logs section by default', () => {
    openLogs({ namespace: 'istio-system', target: 'deploy/istio-ingressgateway' }, createLogsStore());
    expect(appStore.getState().state.section).toBe('logs');
  });

  it('picks the default container of a workload in another namespace once its pods are read', () => {
    const store = createLogsStore();
    store.getState().dispatch({ type: 'targets-loaded', targets: bookinfo });
    openLogs({ namespace: 'istio-system', target: 'deploy/istiod' }, store, () => undefined);
    expect(store.getState().state).toMatchObject({ namespace: 'istio-system', target: 'deploy/istiod', container: null, targets: { kind: 'unknown' } });
    store.getState().dispatch({
      type: 'targets-loaded',
      targets: {
        namespace: 'istio-system',
        workloads: [{ ref: 'deploy/istiod', namespace: 'istio-system', pods: ['istiod-7f9d8c6b5-abcde'] }],
        pods: [{ ...pod('istiod-7f9d8c6b5-abcde', 'deploy/istiod', [container('discovery')]), namespace: 'istio-system' }],
      },
    });
    expect(store.getState().state.container).toBe('discovery');
  });
});

describe('settings memory and reading targets', () => {
  it('remembers settings between launches', () => {
    const storage = memoryStorage();
    const first = createLogsStore(storage);
    first.getState().dispatch({ type: 'settings-changed', settings: { fontSize: 15, wrap: false, scrollback: 50_000 } });
    expect(JSON.parse(storage.items.get(LOG_SETTINGS_KEY)!)).toMatchObject({ fontSize: 15, wrap: false, scrollback: 50_000 });
    expect(createLogsStore(storage).getState().state.settings).toEqual({ ...DEFAULT_LOG_SETTINGS, fontSize: 15, wrap: false, scrollback: 50_000 });
  });

  it('reads the pods and workloads of the core’s default namespace first, then of the one it named', async () => {
    const store = createLogsStore();
    const { client, calls } = fakeClient(async () => bookinfo);
    await loadLogTargets(client, store);
    expect(store.getState().state).toMatchObject({ namespace: 'default', targets: { kind: 'loaded', targets: bookinfo } });
    await loadLogTargets(client, store);
    expect(calls).toEqual([
      ['logs.targets', {}],
      ['logs.targets', { namespace: 'default' }],
    ]);
  });

  it('keeps the core’s reason when they cannot be read, and the last list it had', async () => {
    const store = createLogsStore();
    store.getState().dispatch({ type: 'targets-loaded', targets: bookinfo });
    const { client } = fakeClient(async () => {
      throw new AppError('CLUSTER_NOT_FOUND', 'There is no lab yet. Create it in Setup.');
    });
    await loadLogTargets(client, store);
    expect(store.getState().state.targets).toEqual({ kind: 'error', error: { code: 'CLUSTER_NOT_FOUND', message: 'There is no lab yet. Create it in Setup.' }, targets: bookinfo });
  });

  it('drops an answer that arrives after the user moved to another namespace', async () => {
    const store = createLogsStore();
    let answer!: (targets: LogTargetsInfo) => void;
    const { client } = fakeClient(() => new Promise((resolve) => (answer = resolve)));
    const reading = loadLogTargets(client, store);
    store.getState().dispatch({ type: 'namespace-chosen', namespace: 'istio-system' });
    answer(bookinfo);
    await reading;
    expect(store.getState().state).toMatchObject({ namespace: 'istio-system', targets: { kind: 'unknown' }, target: null });
  });
});
