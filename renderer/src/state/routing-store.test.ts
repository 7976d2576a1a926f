import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AppError,
  type Client,
  type MethodName,
  type TrafficPreviewInfo,
  type TrafficRouteRequest,
  type TrafficServiceInfo,
} from '../../../core/contract';
import { APPLY_INTERVAL_MS } from '../model/apply-coalescer';
import { routingMode } from '../model/service-routing';
import { selectedService } from './routing-state';
import {
  applyDraft,
  askRemove,
  askTakeOver,
  choosePreset,
  confirmRemove,
  confirmTakeOver,
  createRoutingStore,
  loadServices,
  moveSlider,
  openPreview,
  releaseSlider,
  undo,
} from './routing-store';

import { applied, managed, NOW, ref, reviews, split } from '../test-support/traffic-fixtures';

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

describe('flows against a client', () => {
  function setup(services: TrafficServiceInfo[], auto: Parameters<typeof fakeClient>[0] = {}) {
    const fake = fakeClient({ 'traffic.services': () => services, ...auto });
    const store = createRoutingStore();
    const state = () => store.getState().state;
    return { ...fake, store, state };
  }

  it('live: a drag sends at most one apply per interval, never two at once, then the released split once', async () => {
    const t = setup([managed(split(100, 0, 0))]);
    await loadServices(t.client, t.store);
    for (let value = 99; value >= 50; value -= 1) {
      moveSlider(t.client, t.store, 0, value);
      await vi.advanceTimersByTimeAsync(10);
      if (t.pending.some((call) => call.method === 'traffic.apply')) await t.answer('traffic.apply', (params) => applied(params as unknown as TrafficRouteRequest));
    }
    releaseSlider(t.client, t.store);
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
    await loadServices(t.client, t.store);
    choosePreset(t.client, t.store, '50-v3');
    await settle();
    expect(t.state().live?.weights).toEqual(split(50, 0, 50));
    undo(t.client, t.store);
    await settle();
    expect(t.of('traffic.apply').at(-1)).toMatchObject({ weights: split(100, 0, 0) });
    expect(t.state().split?.weights).toEqual([100, 0, 0]);
    expect(t.state().undo).toEqual([]);
  });

  it('draft: moves stay local, a preset opens the preview, and nothing is written until Apply', async () => {
    const preview: TrafficPreviewInfo = { yaml: 'kind: VirtualService', diff: [], owner: 'none' };
    const t = setup([reviews()], { 'traffic.preview': () => preview, 'traffic.apply': (params) => applied(params as unknown as TrafficRouteRequest) });
    await loadServices(t.client, t.store);
    moveSlider(t.client, t.store, 0, 70);
    releaseSlider(t.client, t.store);
    choosePreset(t.client, t.store, '50-v3');
    await settle();
    expect(t.of('traffic.apply')).toEqual([]);
    expect(t.of('traffic.preview').at(-1)).toMatchObject({ service: 'reviews', weights: split(50, 0, 50) });
    expect(t.state().preview).toEqual({ kind: 'loaded', preview });
    applyDraft(t.client, t.store);
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
    await loadServices(t.client, t.store);
    moveSlider(t.client, t.store, 0, 20);
    releaseSlider(t.client, t.store);
    applyDraft(t.client, t.store);
    confirmTakeOver(t.client, t.store);
    await settle();
    expect(t.of('traffic.apply')).toEqual([]);
    askTakeOver(t.store);
    expect(t.state().confirmingTakeOver).toBe(true);
    confirmTakeOver(t.client, t.store);
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
    await loadServices(t.client, t.store);
    choosePreset(t.client, t.store, 'v3');
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
    await loadServices(t.client, t.store);
    choosePreset(t.client, t.store, 'v3');
    await settle();
    await confirmRemove(t.client, t.store);
    expect(t.of('traffic.remove')).toEqual([]);
    askRemove(t.store);
    await confirmRemove(t.client, t.store);
    expect(t.of('traffic.remove')).toEqual([{ service: 'reviews', namespace: 'bookinfo' }]);
    expect(t.state().remove.kind).toBe('removed');
    expect(t.state().undo).toEqual([]);
    expect(t.of('traffic.services')).toHaveLength(2);
  });

  it('shows only the newest preview when answers cross', async () => {
    const t = setup([reviews()]);
    await loadServices(t.client, t.store);
    void openPreview(t.client, t.store);
    await settle();
    // In a draft, a released slider shows the change in the drawer.
    moveSlider(t.client, t.store, 0, 10);
    releaseSlider(t.client, t.store);
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
});
