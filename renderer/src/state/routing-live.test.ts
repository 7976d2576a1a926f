// Every writer sees every change, on the Traffic screen's side: the basis a split is made from
// travels with each apply; two screens (tabs) on one cluster that click presets at once never
// both say "Accepted" — the one refused with CONFLICT follows what the cluster holds; a draft
// made from an older version is stale; another writer's change replaces an old "Accepted"; the
// core's follow events read the services again; a lab that goes away shows as gone.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError, type Client, type EventName, type EventPayloads, type MethodName, type RoutingBasisInfo, type TrafficApplyInfo, type TrafficRouteRequest, type TrafficServiceInfo, type WeightInfo } from '../../../core/contract';
import { indicatorState } from '../components/traffic/ApplyIndicator';
import { routingMode } from '../model/service-routing';
import { trafficReadiness } from '../model/traffic-readiness';
import { applied, managed, NOW, reviews, split } from '../test-support/traffic-fixtures';
import { initialRoutingState, isStale, reduceRouting, selectedService, type RoutingAction, type RoutingState } from './routing-state';
import { choosePreset, connectRoutingStore, createRoutingStore, followCluster, loadServices, moveSlider, type RoutingStore } from './routing-store';

function reduce(...actions: RoutingAction[]): RoutingState {
  return actions.reduce(reduceRouting, initialRoutingState);
}

/** reviews as MeshDeck wrote it, at these resourceVersions. */
function at(weights: WeightInfo[], vs: string, dr = '5'): TrafficServiceInfo {
  const service = managed(weights);
  return { ...service, objects: service.objects.map((object) => ({ ...object, resourceVersion: object.kind === 'VirtualService' ? vs : dr })) };
}

const MOVED = { code: 'CONFLICT' as const, message: 'The routing of reviews was changed by another MeshDeck writer…', details: { reason: 'moved', changedBy: 'meshdeck' } };

describe('the routing reducer with another writer', () => {
  it('two tabs click presets at once: the refused one never says Accepted and follows what the cluster holds', () => {
    const loaded: RoutingAction = { type: 'services-loaded', services: [at(split(100, 0, 0), '7')], now: NOW };
    let first = reduce(loaded, { type: 'preset-chosen', id: '80-20' }, { type: 'apply-sent', key: 'bookinfo/reviews', seq: 1 });
    let second = reduce(loaded, { type: 'preset-chosen', id: 'v3' }, { type: 'apply-sent', key: 'bookinfo/reviews', seq: 1 });
    expect(first.basis).toEqual({ VirtualService: '7', DestinationRule: '5' });
    const accepted: TrafficApplyInfo = { ...applied({ service: 'reviews', weights: split(80, 20, 0), seq: 1 }), objects: [{ kind: 'DestinationRule', name: 'reviews', action: 'unchanged', resourceVersion: '5' }, { kind: 'VirtualService', name: 'reviews', action: 'configured', resourceVersion: '8' }] };
    first = reduceRouting(first, { type: 'apply-accepted', key: 'bookinfo/reviews', seq: 1, final: true, edits: first.edits, info: accepted });
    second = reduceRouting(second, { type: 'apply-failed', key: 'bookinfo/reviews', seq: 1, final: true, edits: second.edits, error: MOVED });
    expect(first.phase).toBe('accepted');
    expect(first.basis).toEqual({ VirtualService: '8', DestinationRule: '5' });
    expect(second.phase).toBe('failed');
    expect(second.dirty).toBe(false);
    // The refused tab reads the services again: the sliders show the winner's split, with its basis.
    second = reduceRouting(second, { type: 'services-loaded', services: [at(split(80, 20, 0), '8')], now: NOW + 100 });
    expect(second.split?.weights).toEqual([80, 20, 0]);
    expect(second.basis).toEqual({ VirtualService: '8', DestinationRule: '5' });
    expect(indicatorState('live', second.phase, second.dirty, isStale(second))).toBe('failed');
    // The winner's own change coming back is not "another writer".
    first = reduceRouting(first, { type: 'services-loaded', services: [at(split(80, 20, 0), '8')], now: NOW + 100 });
    expect(first.phase).toBe('accepted');
    expect(first.changedElsewhereAt).toBeNull();
  });

  it('a draft made from an older version is stale, never accepted, until it is discarded', () => {
    let state = reduce({ type: 'services-loaded', services: [reviews()], now: NOW }, { type: 'slider-moved', index: 0, value: 90 });
    expect(routingMode(selectedService(state)!)).toBe('draft');
    expect(isStale(state)).toBe(false);
    // Another tab applied first: reviews now has MeshDeck's objects.
    state = reduceRouting(state, { type: 'services-loaded', services: [at(split(0, 0, 100), '3')], now: NOW + 50 });
    expect(state.dirty).toBe(true);
    expect(isStale(state)).toBe(true);
    expect(indicatorState('live', state.phase, state.dirty, isStale(state))).toBe('stale');
    state = reduceRouting(state, { type: 'draft-discarded' });
    expect(isStale(state)).toBe(false);
    expect(state.split?.weights).toEqual([0, 0, 100]);
    expect(state.basis).toEqual({ VirtualService: '3', DestinationRule: '5' });
  });

  it('another writer’s change replaces an old "Accepted" with what is there now', () => {
    let state = reduce({ type: 'services-loaded', services: [at(split(100, 0, 0), '7')], now: NOW }, { type: 'preset-chosen', id: '50-v3' }, { type: 'apply-sent', key: 'bookinfo/reviews', seq: 1 });
    state = reduceRouting(state, { type: 'apply-accepted', key: 'bookinfo/reviews', seq: 1, final: true, edits: state.edits, info: applied({ service: 'reviews', weights: split(50, 0, 50), seq: 1 }) });
    expect(state.phase).toBe('accepted');
    state = reduceRouting(state, { type: 'services-loaded', services: [at(split(20, 80, 0), '12', '10')], now: NOW + 900 });
    expect(state.phase).toBe('idle');
    expect(state.lastAccepted).toBeNull();
    expect(state.changedElsewhereAt).toBe(NOW + 900);
    expect(state.split?.weights).toEqual([20, 80, 0]);
  });

  it('a lab that goes away shows as gone (closing the preview), and comes back when it answers', () => {
    let state = reduce({ type: 'services-loaded', services: [at(split(100, 0, 0), '7')], now: NOW }, { type: 'preview-requested' });
    state = reduceRouting(state, { type: 'lab-state-changed', state: 'gone', reason: 'The lab’s cluster has not answered for 4 s.' });
    expect(state.labGone).toBe('The lab’s cluster has not answered for 4 s.');
    expect(state.preview).toEqual({ kind: 'closed' });
    expect(trafficReadiness({ kind: 'unknown' }, state.services, null, state.labGone)).toEqual({ kind: 'gone', reason: state.labGone });
    state = reduceRouting(state, { type: 'lab-state-changed', state: 'running' });
    expect(state.labGone).toBeNull();
  });
});

/** A stand-in core for two tabs: one cluster, checking `basedOn` like traffic.apply does, and pushing its events to every tab. */
function sharedCore(initial: WeightInfo[]) {
  let weights = initial;
  let version = 7;
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const service = () => at(weights, String(version));
  function tab(): Pick<Client, 'call' | 'on'> & { calls: [MethodName, Record<string, unknown>][] } {
    const calls: [MethodName, Record<string, unknown>][] = [];
    return {
      calls,
      call: (async (method: MethodName, params: Record<string, unknown>) => {
        calls.push([method, params]);
        await Promise.resolve();
        if (method === 'traffic.services') return [service()];
        if (method === 'traffic.follow') return { namespace: 'bookinfo', state: 'running' };
        if (method !== 'traffic.apply') throw new Error(`unexpected ${method}`);
        const request = params as unknown as TrafficRouteRequest & { seq: number; basedOn?: RoutingBasisInfo };
        if (request.basedOn?.VirtualService !== String(version)) throw new AppError('CONFLICT', 'moved', { reason: 'moved', changedBy: 'meshdeck' });
        weights = request.weights;
        version++;
        for (const listener of listeners.get('routing:changed') ?? []) listener({ namespace: 'bookinfo', service: 'reviews', kind: 'VirtualService', name: 'reviews', resourceVersion: String(version) } as never);
        return { ...applied(request), objects: [{ kind: 'DestinationRule', name: 'reviews', action: 'unchanged', resourceVersion: '5' }, { kind: 'VirtualService', name: 'reviews', action: 'configured', resourceVersion: String(version) }] };
      }) as Client['call'],
      on: (<E extends EventName>(name: E, listener: (payload: EventPayloads[E]) => void) => {
        const set = listeners.get(name) ?? new Set();
        listeners.set(name, set);
        set.add(listener as (payload: never) => void);
        return () => set.delete(listener as (payload: never) => void);
      }) as Client['on'],
    };
  }
  const emit = <E extends EventName>(name: E, payload: EventPayloads[E]) => {
    for (const listener of listeners.get(name) ?? []) listener(payload as never);
  };
  return { tab, emit, weights: () => weights };
}

describe('two Traffic tabs against one core', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function open(core: ReturnType<typeof sharedCore>): Promise<{ store: RoutingStore; client: ReturnType<ReturnType<typeof sharedCore>['tab']> }> {
    const client = core.tab();
    const store = createRoutingStore();
    connectRoutingStore(client, store);
    await followCluster(client, store);
    await loadServices(client, store);
    return { store, client };
  }

  it('presets clicked in both at once: one is accepted, the other says CONFLICT and both end up showing the cluster', async () => {
    const core = sharedCore(split(100, 0, 0));
    const a = await open(core);
    const b = await open(core);
    choosePreset(a.client, a.store, '80-20');
    choosePreset(b.client, b.store, 'v3');
    await vi.advanceTimersByTimeAsync(500);
    const applies = [...a.client.calls, ...b.client.calls].filter(([method]) => method === 'traffic.apply').map(([, params]) => params['basedOn']);
    expect(applies).toEqual([
      { VirtualService: '7', DestinationRule: '5' },
      { VirtualService: '7', DestinationRule: '5' },
    ]);
    expect(core.weights()).toEqual(split(80, 20, 0));
    expect(a.store.getState().state.phase).toBe('accepted');
    const second = b.store.getState().state;
    expect(second.phase).toBe('failed');
    expect(second.applyError?.code).toBe('CONFLICT');
    expect(second.split?.weights).toEqual([80, 20, 0]);
    // The next move of the refused tab is made from what is there now, and goes through.
    moveSlider(b.client, b.store, 0, 70);
    choosePreset(b.client, b.store, '90-10');
    await vi.advanceTimersByTimeAsync(500);
    expect(core.weights()).toEqual(split(90, 10, 0));
    expect(b.store.getState().state.phase).toBe('accepted');
    // The first tab follows through the pushed routing:changed: another writer, shown as such.
    expect(a.store.getState().state.split?.weights).toEqual([90, 10, 0]);
    expect(a.store.getState().state.phase).toBe('idle');
    expect(a.store.getState().state.changedElsewhereAt).not.toBeNull();
  });

  it('lab:state gone from the core shows in every tab', async () => {
    const core = sharedCore(split(100, 0, 0));
    const a = await open(core);
    const b = await open(core);
    core.emit('lab:state', { state: 'gone', context: 'kind-meshdeck', reason: 'The lab’s cluster has not answered for 4 s.', at: new Date(NOW).toISOString() });
    expect(a.store.getState().state.labGone).toContain('has not answered');
    expect(b.store.getState().state.labGone).toContain('has not answered');
  });
});

describe('a read that crossed this screen’s own apply', () => {
  it('is older than what the screen knows: it neither moves the sliders back nor reads as another writer', () => {
    let state = reduce({ type: 'services-loaded', services: [at(split(100, 0, 0), '7')], now: NOW }, { type: 'preset-chosen', id: '50-v3' }, { type: 'apply-sent', key: 'bookinfo/reviews', seq: 1 });
    const asked = state.acceptedSeq;
    state = reduceRouting(state, { type: 'apply-accepted', key: 'bookinfo/reviews', seq: 1, final: true, edits: state.edits, info: applied({ service: 'reviews', weights: split(50, 0, 50), seq: 1 }) });
    state = reduceRouting(state, { type: 'services-loaded', services: [at(split(100, 0, 0), '7')], now: NOW + 50, asked });
    expect(state.split?.weights).toEqual([50, 0, 50]);
    expect(state.phase).toBe('accepted');
    expect(state.changedElsewhereAt).toBeNull();
  });
});
