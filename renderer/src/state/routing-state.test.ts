import { describe, expect, it } from 'vitest';
import type { WeightInfo } from '../../../core/contract';
import { routingMode } from '../model/service-routing';
import { applied, managed, NOW, ratings, ref, reviews, split } from '../test-support/traffic-fixtures';
import { initialRoutingState, reduceRouting, type RoutingAction, type RoutingState } from './routing-state';

function reduce(...actions: RoutingAction[]): RoutingState {
  return actions.reduce(reduceRouting, initialRoutingState);
}

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
    state = reduceRouting(state, { type: 'services-loaded', services: [managed(split(50, 0, 50)), ratings()], now: NOW + 5000 });
    expect(state.selected).toBe('bookinfo/reviews');
    expect(state.split?.weights).toEqual([50, 0, 50]);
    expect(state.split?.locked).toEqual([false, false, true]);
    expect(state.marks.at(-1)).toEqual({ at: NOW + 5000, weights: split(50, 0, 50) });
  });

  it('keeps an edit in progress when the list is read again', () => {
    let state = reduce({ type: 'services-loaded', services: [reviews()], now: NOW }, { type: 'slider-moved', index: 0, value: 90 });
    expect(state.dirty).toBe(true);
    state = reduceRouting(state, { type: 'services-loaded', services: [reviews()], now: NOW });
    expect(state.split?.weights).toEqual([90, 10, 0]);
    expect(state.dirty).toBe(true);
  });

  it('rebuilds the sliders when the versions changed, even over an edit', () => {
    let state = reduce({ type: 'services-loaded', services: [reviews()], now: NOW }, { type: 'slider-moved', index: 0, value: 90 });
    const twoVersions = reviews({ versions: reviews().versions.slice(0, 2) });
    state = reduceRouting(state, { type: 'services-loaded', services: [twoVersions], now: NOW });
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
    state = reduceRouting(state, { type: 'preset-chosen', id: '50-v3' });
    expect(state.split?.weights).toEqual([50, 0, 50]);
    expect(state.headerRoute).toBeNull();
    state = reduceRouting(state, { type: 'preset-chosen', id: 'test-v2' });
    state = reduceRouting(state, { type: 'header-route-cleared' });
    expect(state.headerRoute).toBeNull();
  });

  it('ignores a preset the versions cannot take', () => {
    const state = reduce({ type: 'services-loaded', services: [ratings()], now: NOW });
    expect(reduceRouting(state, { type: 'preset-chosen', id: '50-v3' })).toBe(state);
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
    let state = reduceRouting(base, { type: 'apply-sent', key: 'bookinfo/reviews', seq: 1 });
    expect(state.phase).toBe('applying');
    state = reduceRouting(state, { type: 'apply-accepted', key: 'bookinfo/reviews', seq: 1, final: true, edits: state.edits, info: info(split(70, 30, 0), 1) });
    expect(state.phase).toBe('accepted');
    expect(state.lastAccepted?.objects[1]?.resourceVersion).toBe('11');
    expect(state.live?.weights).toEqual(split(70, 30, 0));
    expect(state.dirty).toBe(false);
    expect(state.marks.at(-1)?.weights).toEqual(split(70, 30, 0));
  });

  it('stays applying while a newer call is on its way', () => {
    let state = reduceRouting(base, { type: 'apply-sent', key: 'bookinfo/reviews', seq: 1 });
    state = reduceRouting(state, { type: 'apply-sent', key: 'bookinfo/reviews', seq: 2 });
    state = reduceRouting(state, { type: 'apply-accepted', key: 'bookinfo/reviews', seq: 1, final: false, edits: 1, info: info(split(70, 30, 0), 1) });
    expect(state.phase).toBe('applying');
  });

  it('ignores an answer older than the newest accepted one', () => {
    let state = reduceRouting(base, { type: 'apply-sent', key: 'bookinfo/reviews', seq: 5 });
    state = reduceRouting(state, { type: 'apply-accepted', key: 'bookinfo/reviews', seq: 5, final: true, edits: state.edits, info: info(split(70, 30, 0), 5) });
    const after = reduceRouting(state, { type: 'apply-accepted', key: 'bookinfo/reviews', seq: 4, final: false, edits: state.edits, info: info(split(90, 10, 0), 4) });
    expect(after).toBe(state);
    const failed = reduceRouting(state, { type: 'apply-failed', key: 'bookinfo/reviews', seq: 4, final: false, edits: state.edits, error: { code: 'K8S_API', message: 'late' } });
    expect(failed.phase).toBe('accepted');
  });

  it('keeps the sliders dirty when the user edited again after the final value left', () => {
    let state = reduceRouting(base, { type: 'apply-sent', key: 'bookinfo/reviews', seq: 1 });
    const edits = state.edits;
    state = reduceRouting(state, { type: 'slider-moved', index: 1, value: 60 });
    state = reduceRouting(state, { type: 'apply-accepted', key: 'bookinfo/reviews', seq: 1, final: true, edits, info: info(split(70, 30, 0), 1) });
    expect(state.dirty).toBe(true);
    expect(state.split?.weights).toEqual([40, 60, 0]);
  });

  it('shows a failure with its error and keeps the user’s sliders', () => {
    let state = reduceRouting(base, { type: 'apply-sent', key: 'bookinfo/reviews', seq: 1 });
    state = reduceRouting(state, { type: 'apply-failed', key: 'bookinfo/reviews', seq: 1, final: true, edits: state.edits, error: { code: 'CONFLICT', message: 'someone else' } });
    expect(state.phase).toBe('failed');
    expect(state.applyError?.code).toBe('CONFLICT');
    expect(state.split?.weights).toEqual([70, 30, 0]);
    expect(state.dirty).toBe(true);
  });

  it('records another service’s answer in the list without touching the selected one', () => {
    const state = reduceRouting(base, { type: 'apply-accepted', key: 'bookinfo/ratings', seq: 3, final: true, edits: 0, info: applied({ service: 'ratings', namespace: 'bookinfo', weights: [{ version: 'v1', weight: 100 }], seq: 3 }) });
    expect(state.phase).toBe('idle');
    expect(state.acceptedSeq).toBe(0);
    const ratingsNow = state.services?.find((service) => service.name === 'ratings');
    expect(ratingsNow?.owner).toBe('meshdeck');
    expect(routingMode(ratingsNow!)).toBe('live');
  });
});

describe('undo', () => {
  function gesture(state: RoutingState, value: number, seq: number): RoutingState {
    state = reduceRouting(state, { type: 'slider-moved', index: 0, value });
    state = reduceRouting(state, { type: 'apply-sent', key: 'bookinfo/reviews', seq });
    const weights = state.split!.versions.map((version, index) => ({ version, weight: state.split!.weights[index]! }));
    return reduceRouting(state, { type: 'apply-accepted', key: 'bookinfo/reviews', seq, final: true, edits: state.edits, info: applied({ service: 'reviews', weights, seq }) });
  }

  it('goes back to the split from before each gesture, newest first', () => {
    let state = reduce({ type: 'services-loaded', services: [managed(split(100, 0, 0))], now: NOW });
    state = gesture(state, 80, 1);
    state = gesture(state, 50, 2);
    expect(state.undo.map((route) => route.weights.map((w) => w.weight))).toEqual([
      [100, 0, 0],
      [80, 0, 20],
    ]);
    state = reduceRouting(state, { type: 'undo-requested' });
    expect(state.split?.weights).toEqual([80, 0, 20]);
    state = reduceRouting(state, { type: 'apply-sent', key: 'bookinfo/reviews', seq: 3 });
    state = reduceRouting(state, { type: 'apply-accepted', key: 'bookinfo/reviews', seq: 3, final: true, edits: state.edits, info: applied({ service: 'reviews', weights: split(80, 0, 20), seq: 3 }) });
    // The undo itself is not recorded: one more undo goes further back.
    expect(state.undo.map((route) => route.weights[0]!.weight)).toEqual([100]);
  });

  it('keeps the step when the undo fails', () => {
    let state = reduce({ type: 'services-loaded', services: [managed(split(100, 0, 0))], now: NOW });
    state = gesture(state, 80, 1);
    state = reduceRouting(state, { type: 'undo-requested' });
    state = reduceRouting(state, { type: 'apply-sent', key: 'bookinfo/reviews', seq: 2 });
    state = reduceRouting(state, { type: 'apply-failed', key: 'bookinfo/reviews', seq: 2, final: true, edits: state.edits, error: { code: 'K8S_API', message: 'down' } });
    expect(state.undo).toHaveLength(1);
    expect(state.undoing).toBe(false);
  });

  it('records nothing for a gesture that ends where it started, and nothing to undo to in a draft', () => {
    let state = reduce({ type: 'services-loaded', services: [managed(split(100, 0, 0))], now: NOW });
    state = gesture(state, 100, 1);
    expect(state.undo).toEqual([]);
    expect(reduceRouting(state, { type: 'undo-requested' })).toBe(state);
  });
});
