import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AppError,
  type Client,
  type GeneratorRunInfo,
  type MethodName,
  type RoutingRefInfo,
  type TrafficApplyInfo,
  type TrafficCountsInfo,
  type TrafficPreviewInfo,
  type TrafficRouteRequest,
  type TrafficServiceInfo,
  type TrafficWindowInfo,
  type WeightInfo,
} from '../../../core/contract';
import { APPLY_INTERVAL_MS } from '../model/apply-coalescer';
import { KEPT_WINDOWS } from '../model/split-series';
import {
  createTrafficActions,
  createTrafficStore,
  initialTrafficState,
  reduceTraffic,
  routingMode,
  selectedService,
  type TrafficAction,
  type TrafficState,
} from './traffic-store';

const NOW = Date.parse('2025-05-01T10:00:00Z');

function ref(kind: RoutingRefInfo['kind'], owner: RoutingRefInfo['owner'], name = 'reviews'): RoutingRefInfo {
  return { kind, name, owner, resourceVersion: '7', managers: owner === 'meshdeck' ? ['meshdeck'] : ['kubectl-client-side-apply'] };
}

function reviews(extra: Partial<TrafficServiceInfo> = {}): TrafficServiceInfo {
  return {
    name: 'reviews',
    namespace: 'bookinfo',
    host: 'reviews.bookinfo.svc.cluster.local',
    versions: ['v1', 'v2', 'v3'].map((name) => ({ name, workloads: [`reviews-${name}`], pods: 1, ready: 1 })),
    owner: 'none',
    objects: [],
    weights: null,
    ...extra,
  };
}

function ratings(): TrafficServiceInfo {
  return { name: 'ratings', namespace: 'bookinfo', host: 'ratings.bookinfo.svc.cluster.local', versions: [{ name: 'v1', workloads: ['ratings-v1'], pods: 1, ready: 1 }], owner: 'none', objects: [], weights: null };
}

const managed = (weights: WeightInfo[]) => reviews({ owner: 'meshdeck', objects: [ref('DestinationRule', 'meshdeck'), ref('VirtualService', 'meshdeck')], weights });
const split = (v1: number, v2: number, v3: number): WeightInfo[] => [
  { version: 'v1', weight: v1 },
  { version: 'v2', weight: v2 },
  { version: 'v3', weight: v3 },
];

function applied(request: TrafficRouteRequest & { seq?: number }, at = NOW): TrafficApplyInfo {
  return {
    service: request.service,
    namespace: request.namespace ?? 'bookinfo',
    weights: request.weights,
    objects: [
      { kind: 'DestinationRule', name: request.service, action: 'configured', resourceVersion: '10' },
      { kind: 'VirtualService', name: request.service, action: 'configured', resourceVersion: '11' },
    ],
    acceptedAt: new Date(at).toISOString(),
    ...(request.seq === undefined ? {} : { seq: request.seq }),
  };
}

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

function reduce(...actions: TrafficAction[]): TrafficState {
  return actions.reduce(reduceTraffic, initialTrafficState);
}

interface PendingCall {
  method: MethodName;
  params: Record<string, unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** A client whose calls wait in `pending` until the test answers them (or answer at once through `auto`). */
function fakeClient(auto: Partial<Record<MethodName, (params: Record<string, unknown>) => unknown>> = {}) {
  const pending: PendingCall[] = [];
  const calls: [MethodName, Record<string, unknown>][] = [];
  const client: Pick<Client, 'call'> = {
    call: ((method: MethodName, params: Record<string, unknown>) => {
      calls.push([method, params]);
      const handler = auto[method];
      if (handler) return Promise.resolve().then(() => handler(params));
      return new Promise((resolve, reject) => pending.push({ method, params, resolve, reject }));
    }) as Client['call'],
  };
  const of = (method: MethodName) => calls.filter(([name]) => name === method).map(([, params]) => params);
  /** Answers the oldest waiting call of `method`. */
  async function answer(method: MethodName, value: (params: Record<string, unknown>) => unknown) {
    const index = pending.findIndex((call) => call.method === method);
    if (index === -1) throw new Error(`no pending ${method}`);
    const [call] = pending.splice(index, 1);
    try {
      call!.resolve(value(call!.params));
    } catch (error) {
      call!.reject(error);
    }
    await vi.advanceTimersByTimeAsync(0);
  }
  return { client, calls, pending, of, answer };
}

async function settle() {
  await vi.advanceTimersByTimeAsync(0);
}

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('routing mode', () => {
  it('is a draft until MeshDeck wrote something, live once it did, foreign when its objects are someone else’s', () => {
    expect(routingMode(reviews())).toBe('draft');
    expect(routingMode(managed(split(100, 0, 0)))).toBe('live');
    expect(routingMode(reviews({ owner: 'foreign', objects: [ref('VirtualService', 'foreign')] }))).toBe('foreign');
    expect(routingMode(reviews({ owner: 'foreign', objects: [ref('DestinationRule', 'meshdeck'), ref('VirtualService', 'foreign')] }))).toBe('foreign');
  });

  it('does not count another VirtualService for the same host as in the way (it is shown, never written)', () => {
    const other = ref('VirtualService', 'foreign', 'reviews-canary');
    expect(routingMode(reviews({ owner: 'foreign', objects: [other] }))).toBe('draft');
    expect(routingMode(reviews({ owner: 'foreign', objects: [ref('VirtualService', 'meshdeck'), other] }))).toBe('live');
  });
});

describe('services', () => {
  it('selects the first service and lays its live weights onto the sliders', () => {
    const state = reduce({ type: 'services-loaded', services: [managed(split(80, 20, 0)), ratings()], now: NOW });
    expect(state.selected).toBe('bookinfo/reviews');
    expect(state.split?.versions).toEqual(['v1', 'v2', 'v3']);
    expect(state.split?.weights).toEqual([80, 20, 0]);
    expect(state.live?.weights).toEqual(split(80, 20, 0));
    expect(state.marks).toEqual([{ at: NOW, weights: split(80, 20, 0) }]);
  });

  it('starts from an even split when nothing routes the service yet', () => {
    const state = reduce({ type: 'services-loaded', services: [reviews()], now: NOW });
    expect(state.split?.weights).toEqual([33, 33, 34]);
    expect(state.live).toBeNull();
    expect(state.marks).toEqual([{ at: NOW, weights: null }]);
  });

  it('shows nothing selected when there are no services', () => {
    const state = reduce({ type: 'services-loaded', services: [], now: NOW });
    expect(state.selected).toBeNull();
    expect(state.split).toBeNull();
  });

  it('keeps the selection on reload, follows the cluster when nothing is edited, and keeps locks', () => {
    let state = reduce(
      { type: 'services-loaded', services: [reviews(), ratings()], now: NOW },
      { type: 'service-selected', key: 'bookinfo/ratings', now: NOW },
      { type: 'service-selected', key: 'bookinfo/reviews', now: NOW },
      { type: 'lock-set', index: 2, locked: true },
    );
    state = reduceTraffic(state, { type: 'services-loaded', services: [managed(split(50, 0, 50)), ratings()], now: NOW + 5000 });
    expect(state.selected).toBe('bookinfo/reviews');
    expect(state.split?.weights).toEqual([50, 0, 50]);
    expect(state.split?.locked).toEqual([false, false, true]);
    expect(state.marks.at(-1)).toEqual({ at: NOW + 5000, weights: split(50, 0, 50) });
  });

  it('keeps an edit in progress when the list is read again', () => {
    let state = reduce({ type: 'services-loaded', services: [reviews()], now: NOW }, { type: 'slider-moved', index: 0, value: 90 });
    expect(state.dirty).toBe(true);
    state = reduceTraffic(state, { type: 'services-loaded', services: [reviews()], now: NOW });
    expect(state.split?.weights).toEqual([90, 10, 0]);
    expect(state.dirty).toBe(true);
  });

  it('rebuilds the sliders when the versions changed, even over an edit', () => {
    let state = reduce({ type: 'services-loaded', services: [reviews()], now: NOW }, { type: 'slider-moved', index: 0, value: 90 });
    const twoVersions = reviews({ versions: reviews().versions.slice(0, 2) });
    state = reduceTraffic(state, { type: 'services-loaded', services: [twoVersions], now: NOW });
    expect(state.split?.versions).toEqual(['v1', 'v2']);
    expect(state.split?.weights).toEqual([50, 50]);
    expect(state.dirty).toBe(false);
  });

  it('records a failure to read and keeps what was shown', () => {
    const state = reduce({ type: 'services-loaded', services: [reviews()], now: NOW }, { type: 'services-requested' }, { type: 'services-failed', error: { code: 'K8S_API', message: 'no Istio' } });
    expect(state.servicesError?.code).toBe('K8S_API');
    expect(state.services).toHaveLength(1);
    expect(state.servicesLoading).toBe(false);
  });
});

describe('editing', () => {
  it('moves sliders with the shared arithmetic and counts edits', () => {
    const state = reduce({ type: 'services-loaded', services: [reviews()], now: NOW }, { type: 'slider-moved', index: 0, value: 50 }, { type: 'slider-moved', index: 2, value: 50 });
    expect(state.split?.weights.reduce((a, b) => a + b, 0)).toBe(100);
    expect(state.split?.weights[2]).toBe(50);
    expect(state.edits).toBe(2);
  });

  it('applies a preset with its header rule, and clears the rule on request', () => {
    let state = reduce({ type: 'services-loaded', services: [reviews()], now: NOW }, { type: 'preset-chosen', id: 'test-v2' });
    expect(state.split?.weights).toEqual([100, 0, 0]);
    expect(state.headerRoute).toEqual({ header: 'end-user', value: 'jason', version: 'v2' });
    state = reduceTraffic(state, { type: 'preset-chosen', id: '50-v3' });
    expect(state.split?.weights).toEqual([50, 0, 50]);
    expect(state.headerRoute).toBeNull();
    state = reduceTraffic(state, { type: 'preset-chosen', id: 'test-v2' });
    state = reduceTraffic(state, { type: 'header-route-cleared' });
    expect(state.headerRoute).toBeNull();
  });

  it('ignores a preset the versions cannot take', () => {
    const state = reduce({ type: 'services-loaded', services: [ratings()], now: NOW });
    expect(reduceTraffic(state, { type: 'preset-chosen', id: '50-v3' })).toBe(state);
  });

  it('discards a draft back to what the cluster routes by', () => {
    const state = reduce({ type: 'services-loaded', services: [managed(split(100, 0, 0))], now: NOW }, { type: 'slider-moved', index: 1, value: 40 }, { type: 'draft-discarded' });
    expect(state.split?.weights).toEqual([100, 0, 0]);
    expect(state.dirty).toBe(false);
  });
});

describe('answers to applies', () => {
  const base = reduce({ type: 'services-loaded', services: [managed(split(100, 0, 0)), ratings()], now: NOW }, { type: 'slider-moved', index: 1, value: 30 });
  const info = (weights: WeightInfo[], seq: number) => applied({ service: 'reviews', namespace: 'bookinfo', weights, seq });

  it('shows applying, then accepted with what the cluster answered', () => {
    let state = reduceTraffic(base, { type: 'apply-sent', key: 'bookinfo/reviews', seq: 1 });
    expect(state.phase).toBe('applying');
    state = reduceTraffic(state, { type: 'apply-accepted', key: 'bookinfo/reviews', seq: 1, final: true, edits: state.edits, info: info(split(70, 30, 0), 1) });
    expect(state.phase).toBe('accepted');
    expect(state.lastAccepted?.objects[1]?.resourceVersion).toBe('11');
    expect(state.live?.weights).toEqual(split(70, 30, 0));
    expect(state.dirty).toBe(false);
    expect(state.marks.at(-1)?.weights).toEqual(split(70, 30, 0));
  });

  it('stays applying while a newer call is on its way', () => {
    let state = reduceTraffic(base, { type: 'apply-sent', key: 'bookinfo/reviews', seq: 1 });
    state = reduceTraffic(state, { type: 'apply-sent', key: 'bookinfo/reviews', seq: 2 });
    state = reduceTraffic(state, { type: 'apply-accepted', key: 'bookinfo/reviews', seq: 1, final: false, edits: 1, info: info(split(70, 30, 0), 1) });
    expect(state.phase).toBe('applying');
  });

  it('ignores an answer older than the newest accepted one', () => {
    let state = reduceTraffic(base, { type: 'apply-sent', key: 'bookinfo/reviews', seq: 5 });
    state = reduceTraffic(state, { type: 'apply-accepted', key: 'bookinfo/reviews', seq: 5, final: true, edits: state.edits, info: info(split(70, 30, 0), 5) });
    const after = reduceTraffic(state, { type: 'apply-accepted', key: 'bookinfo/reviews', seq: 4, final: false, edits: state.edits, info: info(split(90, 10, 0), 4) });
    expect(after).toBe(state);
    const failed = reduceTraffic(state, { type: 'apply-failed', key: 'bookinfo/reviews', seq: 4, final: false, edits: state.edits, error: { code: 'K8S_API', message: 'late' } });
    expect(failed.phase).toBe('accepted');
  });

  it('keeps the sliders dirty when the user edited again after the final value left', () => {
    let state = reduceTraffic(base, { type: 'apply-sent', key: 'bookinfo/reviews', seq: 1 });
    const edits = state.edits;
    state = reduceTraffic(state, { type: 'slider-moved', index: 1, value: 60 });
    state = reduceTraffic(state, { type: 'apply-accepted', key: 'bookinfo/reviews', seq: 1, final: true, edits, info: info(split(70, 30, 0), 1) });
    expect(state.dirty).toBe(true);
    expect(state.split?.weights).toEqual([40, 60, 0]);
  });

  it('shows a failure with its error and keeps the user’s sliders', () => {
    let state = reduceTraffic(base, { type: 'apply-sent', key: 'bookinfo/reviews', seq: 1 });
    state = reduceTraffic(state, { type: 'apply-failed', key: 'bookinfo/reviews', seq: 1, final: true, edits: state.edits, error: { code: 'CONFLICT', message: 'someone else' } });
    expect(state.phase).toBe('failed');
    expect(state.applyError?.code).toBe('CONFLICT');
    expect(state.split?.weights).toEqual([70, 30, 0]);
    expect(state.dirty).toBe(true);
  });

  it('records another service’s answer in the list without touching the selected one', () => {
    const state = reduceTraffic(base, { type: 'apply-accepted', key: 'bookinfo/ratings', seq: 3, final: true, edits: 0, info: applied({ service: 'ratings', namespace: 'bookinfo', weights: [{ version: 'v1', weight: 100 }], seq: 3 }) });
    expect(state.phase).toBe('idle');
    expect(state.acceptedSeq).toBe(0);
    const ratingsNow = state.services?.find((service) => service.name === 'ratings');
    expect(ratingsNow?.owner).toBe('meshdeck');
    expect(routingMode(ratingsNow!)).toBe('live');
  });
});

describe('undo', () => {
  function gesture(state: TrafficState, value: number, seq: number): TrafficState {
    state = reduceTraffic(state, { type: 'slider-moved', index: 0, value });
    state = reduceTraffic(state, { type: 'apply-sent', key: 'bookinfo/reviews', seq });
    const weights = state.split!.versions.map((version, index) => ({ version, weight: state.split!.weights[index]! }));
    return reduceTraffic(state, { type: 'apply-accepted', key: 'bookinfo/reviews', seq, final: true, edits: state.edits, info: applied({ service: 'reviews', weights, seq }) });
  }

  it('goes back to the split from before each gesture, newest first', () => {
    let state = reduce({ type: 'services-loaded', services: [managed(split(100, 0, 0))], now: NOW });
    state = gesture(state, 80, 1);
    state = gesture(state, 50, 2);
    expect(state.undo.map((route) => route.weights.map((w) => w.weight))).toEqual([
      [100, 0, 0],
      [80, 0, 20],
    ]);
    state = reduceTraffic(state, { type: 'undo-requested' });
    expect(state.split?.weights).toEqual([80, 0, 20]);
    state = reduceTraffic(state, { type: 'apply-sent', key: 'bookinfo/reviews', seq: 3 });
    state = reduceTraffic(state, { type: 'apply-accepted', key: 'bookinfo/reviews', seq: 3, final: true, edits: state.edits, info: applied({ service: 'reviews', weights: split(80, 0, 20), seq: 3 }) });
    // The undo itself is not recorded: one more undo goes further back.
    expect(state.undo.map((route) => route.weights[0]!.weight)).toEqual([100]);
  });

  it('keeps the step when the undo fails', () => {
    let state = reduce({ type: 'services-loaded', services: [managed(split(100, 0, 0))], now: NOW });
    state = gesture(state, 80, 1);
    state = reduceTraffic(state, { type: 'undo-requested' });
    state = reduceTraffic(state, { type: 'apply-sent', key: 'bookinfo/reviews', seq: 2 });
    state = reduceTraffic(state, { type: 'apply-failed', key: 'bookinfo/reviews', seq: 2, final: true, edits: state.edits, error: { code: 'K8S_API', message: 'down' } });
    expect(state.undo).toHaveLength(1);
    expect(state.undoing).toBe(false);
  });

  it('records nothing for a gesture that ends where it started, and nothing to undo to in a draft', () => {
    let state = reduce({ type: 'services-loaded', services: [managed(split(100, 0, 0))], now: NOW });
    state = gesture(state, 100, 1);
    expect(state.undo).toEqual([]);
    expect(reduceTraffic(state, { type: 'undo-requested' })).toBe(state);
  });
});

describe('generator runs and windows', () => {
  it('follows the run it started and keeps only the newest windows, in order', () => {
    let state = reduce({ type: 'run-requested' }, { type: 'run-started', run: run('r1', 'running') });
    expect(state.ownRun).toBe(true);
    for (let index = 0; index < KEPT_WINDOWS + 10; index++) state = reduceTraffic(state, { type: 'window-received', window: window('r1', NOW + index * 1000, { v1: 5 }) });
    expect(state.windows).toHaveLength(KEPT_WINDOWS);
    expect(state.windows[0]!.at).toBe(NOW + 10_000);
    const repeated = reduceTraffic(state, { type: 'window-received', window: window('r1', NOW + 50_000, { v1: 5 }) });
    expect(repeated).toBe(state);
    expect(reduceTraffic(state, { type: 'window-received', window: window('other', NOW + 999_000, { v1: 5 }) })).toBe(state);
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
  function setup(services: TrafficServiceInfo[], auto: Parameters<typeof fakeClient>[0] = {}) {
    const fake = fakeClient({ 'traffic.services': () => services, ...auto });
    const store = createTrafficStore();
    const actions = createTrafficActions(fake.client, store);
    const state = () => store.getState().state;
    return { ...fake, store, actions, state };
  }

  it('live: a drag sends at most one apply per interval, never two at once, then the released split once', async () => {
    const t = setup([managed(split(100, 0, 0))]);
    await t.actions.loadServices();
    for (let value = 99; value >= 50; value -= 1) {
      t.actions.moveSlider(0, value);
      await vi.advanceTimersByTimeAsync(10);
      if (t.pending.some((call) => call.method === 'traffic.apply')) await t.answer('traffic.apply', (params) => applied(params as unknown as TrafficRouteRequest));
    }
    t.actions.releaseSlider();
    await settle();
    while (t.pending.some((call) => call.method === 'traffic.apply')) await t.answer('traffic.apply', (params) => applied(params as unknown as TrafficRouteRequest));
    const applies = t.of('traffic.apply');
    expect(applies.length).toBeLessThanOrEqual(Math.ceil((50 * 10) / APPLY_INTERVAL_MS) + 2);
    expect(applies.at(-1)).toMatchObject({ service: 'reviews', namespace: 'bookinfo', weights: split(50, 0, 50) });
    expect(applies.map((params) => params.seq)).toEqual(applies.map((_, index) => index + 1));
    expect(t.state().phase).toBe('accepted');
    expect(t.state().dirty).toBe(false);
    expect(t.state().undo.map((route) => route.weights)).toEqual([split(100, 0, 0)]);
  });

  it('live: an undo applies the split from before the gesture', async () => {
    const t = setup([managed(split(100, 0, 0))], { 'traffic.apply': (params) => applied(params as unknown as TrafficRouteRequest) });
    await t.actions.loadServices();
    t.actions.choosePreset('50-v3');
    await settle();
    expect(t.state().live?.weights).toEqual(split(50, 0, 50));
    t.actions.undo();
    await settle();
    expect(t.of('traffic.apply').at(-1)).toMatchObject({ weights: split(100, 0, 0) });
    expect(t.state().split?.weights).toEqual([100, 0, 0]);
    expect(t.state().undo).toEqual([]);
  });

  it('draft: moves stay local, a preset opens the preview, and nothing is written until Apply', async () => {
    const preview: TrafficPreviewInfo = { yaml: 'kind: VirtualService', diff: [], owner: 'none' };
    const t = setup([reviews()], { 'traffic.preview': () => preview, 'traffic.apply': (params) => applied(params as unknown as TrafficRouteRequest) });
    await t.actions.loadServices();
    t.actions.moveSlider(0, 70);
    t.actions.releaseSlider();
    t.actions.choosePreset('50-v3');
    await settle();
    expect(t.of('traffic.apply')).toEqual([]);
    expect(t.of('traffic.preview').at(-1)).toMatchObject({ service: 'reviews', weights: split(50, 0, 50) });
    expect(t.state().preview).toEqual({ kind: 'loaded', preview });
    t.actions.applyDraft();
    await settle();
    expect(t.of('traffic.apply')).toHaveLength(1);
    expect(t.of('traffic.apply')[0]).toMatchObject({ weights: split(50, 0, 50) });
    expect(t.of('traffic.apply')[0]).not.toHaveProperty('takeOver');
    expect(routingMode(selectedService(t.state())!)).toBe('live');
    // The drawer shows the diff against the cluster again after the apply.
    expect(t.of('traffic.preview').length).toBeGreaterThanOrEqual(2);
  });

  it('foreign: a refused apply reads the owners again; take over writes only after the confirmation', async () => {
    const foreign = reviews({ owner: 'foreign', objects: [ref('VirtualService', 'foreign')], weights: split(100, 0, 0) });
    const t = setup([foreign], { 'traffic.apply': (params) => applied(params as unknown as TrafficRouteRequest) });
    await t.actions.loadServices();
    t.actions.moveSlider(0, 20);
    t.actions.releaseSlider();
    t.actions.applyDraft();
    t.actions.confirmTakeOver();
    await settle();
    expect(t.of('traffic.apply')).toEqual([]);
    t.actions.askTakeOver();
    expect(t.state().confirmingTakeOver).toBe(true);
    t.actions.confirmTakeOver();
    await settle();
    expect(t.of('traffic.apply')).toEqual([expect.objectContaining({ takeOver: true, weights: split(20, 0, 80) })]);
    expect(t.state().confirmingTakeOver).toBe(false);
    expect(t.state().phase).toBe('accepted');
  });

  it('a CONFLICT answer shows the failure and reads the services again', async () => {
    const t = setup([managed(split(100, 0, 0))], {
      'traffic.apply': () => {
        throw new AppError('CONFLICT', 'VirtualService bookinfo/reviews was changed in the cluster by someone else.');
      },
    });
    await t.actions.loadServices();
    t.actions.choosePreset('v3');
    await settle();
    expect(t.state().phase).toBe('failed');
    expect(t.state().applyError?.code).toBe('CONFLICT');
    expect(t.of('traffic.services')).toHaveLength(2);
  });

  it('remove: only after the confirmation, then reads the services again and forgets the undo steps', async () => {
    const t = setup([managed(split(100, 0, 0))], {
      'traffic.apply': (params) => applied(params as unknown as TrafficRouteRequest),
      'traffic.remove': (params) => ({ service: params.service, namespace: params.namespace, removed: [{ kind: 'VirtualService', name: 'reviews' }] }),
    });
    await t.actions.loadServices();
    t.actions.choosePreset('v3');
    await settle();
    await t.actions.confirmRemove();
    expect(t.of('traffic.remove')).toEqual([]);
    t.actions.askRemove();
    await t.actions.confirmRemove();
    expect(t.of('traffic.remove')).toEqual([{ service: 'reviews', namespace: 'bookinfo' }]);
    expect(t.state().remove.kind).toBe('removed');
    expect(t.state().undo).toEqual([]);
    expect(t.of('traffic.services')).toHaveLength(2);
  });

  it('shows only the newest preview when answers cross', async () => {
    const t = setup([reviews()]);
    await t.actions.loadServices();
    void t.actions.openPreview();
    await settle();
    // In a draft, a released slider shows the change in the drawer.
    t.actions.moveSlider(0, 10);
    t.actions.releaseSlider();
    await settle();
    expect(t.of('traffic.preview')).toHaveLength(2);
    const newest: TrafficPreviewInfo = { yaml: 'newest', diff: [], owner: 'none' };
    // Answer the newer question first, then the older one.
    const [older, newer] = t.pending.filter((call) => call.method === 'traffic.preview');
    newer!.resolve(newest);
    await settle();
    older!.resolve({ yaml: 'older', diff: [], owner: 'none' });
    await settle();
    expect(t.state().preview).toEqual({ kind: 'loaded', preview: newest });
  });

  it('generator: starts with the chosen rate and duration, and stops its own run when the screen closes', async () => {
    const t = setup([], {
      'traffic.start': (params) => ({ ...run('r1', 'running'), rps: params.rps, durationSeconds: params.durationSeconds }),
      'traffic.stop': (params) => run(String(params.runId), 'stopped'),
    });
    t.actions.setGenerator({ rps: 40, durationSeconds: 30 });
    await t.actions.startGenerator();
    expect(t.of('traffic.start')).toEqual([{ rps: 40, durationSeconds: 30 }]);
    expect(t.state().run?.state).toBe('running');
    await t.actions.leave();
    expect(t.of('traffic.stop')).toEqual([{ runId: 'r1' }]);
    expect(t.state().run?.state).toBe('stopped');
  });

  it('generator: leaves a run started elsewhere running when the screen closes', async () => {
    const t = setup([], { 'traffic.runs': () => [run('old', 'finished', '2025-05-01T09:00:00Z'), run('cli', 'running')] });
    await t.actions.resumeRuns();
    expect(t.state().run?.runId).toBe('cli');
    await t.actions.leave();
    expect(t.of('traffic.stop')).toEqual([]);
  });

  it('generator: says why a start was refused', async () => {
    const t = setup([], {
      'traffic.start': () => {
        throw new AppError('CLUSTER_NOT_FOUND', 'There is no lab yet.');
      },
    });
    await t.actions.startGenerator();
    expect(t.state().runError?.code).toBe('CLUSTER_NOT_FOUND');
    expect(t.state().runRequest).toBeNull();
  });
});
