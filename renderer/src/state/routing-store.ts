// The Traffic screen's routing store and the flows that call the core for it: reading the
// services, moving sliders (live services apply as they move, through the store's one apply
// coalescer, so applies never overlap however often the screen mounts), presets, drafts, take
// over, undo, remove and the preview. Flows take the client and the store, like every store's.
// While the screen is open it follows the cluster (traffic.follow): another writer's change, a
// workload change or the lab going away reaches it as an event, and it reads the services again.

import type { StoreApi } from 'zustand/vanilla';
import { createStore } from 'zustand/vanilla';
import type { Client, RoutingBasisInfo, TrafficApplyInfo, TrafficRouteRequest } from '../../../core/contract';
import { createApplyCoalescer, type ApplyCoalescer } from '../model/apply-coalescer';
import { toErrorInfo } from '../model/error-text';
import { routingMode, serviceKey, type ServiceKey } from '../model/service-routing';
import { useStoreState, type ReducerStoreValue, type StoreConnection } from './reducer-store';
import { initialRoutingState, reduceRouting, routeRequest, selectedService, type RoutingAction, type RoutingState } from './routing-state';

type RoutingClient = Pick<Client, 'call'>;

interface QueuedApply {
  /** Who sends it: the client of the flow that queued it. */
  client: RoutingClient;
  key: ServiceKey;
  request: TrafficRouteRequest;
  /** The edit count when it was queued. */
  edits: number;
}

export interface RoutingStoreValue extends ReducerStoreValue<RoutingState, RoutingAction> {
  /** The only path to `traffic.apply`. */
  applies: ApplyCoalescer<QueuedApply>;
}

export type RoutingStore = StoreApi<RoutingStoreValue>;

/** The routing reducer's store, with the apply coalescer that belongs to it. */
export function createRoutingStore(initial: RoutingState = initialRoutingState): RoutingStore {
  const store: RoutingStore = createStore<RoutingStoreValue>((set, get) => ({
    state: initial,
    dispatch: (action) => set((current) => ({ state: reduceRouting(current.state, action) })),
    applies: createApplyCoalescer<QueuedApply, TrafficApplyInfo>({
      // The basis at send time: applies never overlap, so it includes every earlier answer.
      send: ({ client, key, request }, seq) => client.call('traffic.apply', { ...request, ...basisFor(get().state, key), seq }),
      onSent: ({ key }, seq) => get().dispatch({ type: 'apply-sent', key, seq }),
      firstSeq: initial.sentSeq + 1,
      onAccepted: (info, seq, final, { client, key, edits }) => {
        get().dispatch({ type: 'apply-accepted', key, seq, final, edits, info });
        if (final && get().state.preview.kind !== 'closed') void refreshPreview(client, store);
      },
      onFailed: (error, seq, final, { client, key, edits }) => {
        const info = toErrorInfo(error);
        get().dispatch({ type: 'apply-failed', key, seq, final, edits, error: info });
        // Someone else wrote (or changed) the routing: read who and what is there now (a take over may be offered).
        if (info.code === 'CONFLICT') void loadServices(client, store).then(() => refreshPreview(client, store));
      },
    }),
  }));
  return store;
}

export const routingStore = createRoutingStore();

export function useRoutingState<T>(select: (state: RoutingState) => T): T {
  return useStoreState(routingStore, select);
}

/** Changes pushed within this long of each other are read once. */
const READ_AGAIN_MS = 100;

/**
 * The core's follow events reach the store here: a routing or workload change of a followed
 * namespace reads the services again (coalesced), the lab's state shows. After a reconnect the
 * follow is asked for again (the core forgot the old connection) and the services are read again.
 */
export function connectRoutingStore(client: Pick<Client, 'call' | 'on'>, store: RoutingStore): StoreConnection {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const readAgain = () => {
    if (timer !== undefined || store.getState().state.services === null) return;
    timer = setTimeout(() => {
      timer = undefined;
      void loadServices(client, store).then(() => refreshPreview(client, store));
    }, READ_AGAIN_MS);
  };
  const offs = [
    client.on('routing:changed', readAgain),
    client.on('workloads:changed', readAgain),
    client.on('lab:state', ({ state, reason }) => {
      dispatch(store, { type: 'lab-state-changed', state, ...(reason ? { reason } : {}) });
      if (state === 'running') void loadServices(client, store);
    }),
  ];
  return {
    refresh: async () => {
      if (store.getState().state.following) await followCluster(client, store);
      if (store.getState().state.services !== null) await loadServices(client, store);
    },
    disconnect: () => {
      if (timer !== undefined) clearTimeout(timer);
      for (const off of offs) off();
    },
  };
}

/** The screen opened: the core follows the cluster for it. A lab that cannot be reached yet is the services' error to show. */
export async function followCluster(client: RoutingClient, store: RoutingStore): Promise<void> {
  dispatch(store, { type: 'following-set', following: true });
  try {
    const { state } = await client.call('traffic.follow', {});
    if (state === 'gone') dispatch(store, { type: 'lab-state-changed', state });
  } catch {
    // No lab to follow: the services read says so, with what to do.
  }
}

/** The screen closed: the core may stop watching. */
export async function unfollowCluster(client: RoutingClient, store: RoutingStore): Promise<void> {
  dispatch(store, { type: 'following-set', following: false });
  await client.call('traffic.unfollow', {}).catch(() => undefined);
}

function basisFor(state: RoutingState, key: ServiceKey): { basedOn?: RoutingBasisInfo } {
  return key === state.selected && state.basis ? { basedOn: { ...state.basis } } : {};
}

function dispatch(store: RoutingStore, action: RoutingAction): void {
  store.getState().dispatch(action);
}

function isLive(state: RoutingState): boolean {
  const service = selectedService(state);
  return service !== null && routingMode(service) === 'live';
}

/** Queues the current split: `final` for a release (sent once more, exactly), else a move while dragging. */
function queue(client: RoutingClient, store: RoutingStore, final: boolean, takeOver = false): void {
  const { state, applies } = store.getState();
  const service = selectedService(state);
  if (!service) return;
  const request = routeRequest(state, service, takeOver);
  if (!request) return;
  const item = { client, key: serviceKey(service), request, edits: state.edits };
  if (final) applies.release(item);
  else applies.move(item);
}

/** A one-shot change (preset, rule cleared): live services apply it, the others show it first. */
function settleChange(client: RoutingClient, store: RoutingStore): void {
  if (isLive(store.getState().state)) queue(client, store, true);
  else void openPreview(client, store);
}

export async function loadServices(client: RoutingClient, store: RoutingStore): Promise<void> {
  dispatch(store, { type: 'services-requested' });
  const asked = store.getState().state.acceptedSeq;
  try {
    dispatch(store, { type: 'services-loaded', services: await client.call('traffic.services', {}), now: Date.now(), asked });
  } catch (error) {
    dispatch(store, { type: 'services-failed', error: toErrorInfo(error) });
  }
}

export function selectService(client: RoutingClient, store: RoutingStore, key: ServiceKey): void {
  dispatch(store, { type: 'service-selected', key, now: Date.now() });
  void refreshPreview(client, store);
}

/** A slider moved while dragging (or a key is held). */
export function moveSlider(client: RoutingClient, store: RoutingStore, index: number, value: number): void {
  const before = store.getState().state.split;
  dispatch(store, { type: 'slider-moved', index, value });
  if (store.getState().state.split !== before && isLive(store.getState().state)) queue(client, store, false);
}

/** The drag or key press ended: live, the current split is applied once more as the final value; otherwise it is shown first. */
export function releaseSlider(client: RoutingClient, store: RoutingStore): void {
  if (!store.getState().state.dirty) return;
  if (isLive(store.getState().state)) queue(client, store, true);
  else void openPreview(client, store);
}

export function setLock(store: RoutingStore, index: number, locked: boolean): void {
  dispatch(store, { type: 'lock-set', index, locked });
}

export function choosePreset(client: RoutingClient, store: RoutingStore, id: string): void {
  const before = store.getState().state;
  dispatch(store, { type: 'preset-chosen', id });
  if (store.getState().state !== before) settleChange(client, store);
}

export function clearHeaderRoute(client: RoutingClient, store: RoutingStore): void {
  const before = store.getState().state;
  dispatch(store, { type: 'header-route-cleared' });
  if (store.getState().state !== before) settleChange(client, store);
}

/** Applies a draft (the first apply of a service whose routing MeshDeck has not written yet). */
export function applyDraft(client: RoutingClient, store: RoutingStore): void {
  const service = selectedService(store.getState().state);
  if (service && routingMode(service) === 'draft') queue(client, store, true);
}

export function discardDraft(client: RoutingClient, store: RoutingStore): void {
  dispatch(store, { type: 'draft-discarded' });
  void refreshPreview(client, store);
}

export function askTakeOver(store: RoutingStore): void {
  dispatch(store, { type: 'take-over-asked' });
}

export function dismissTakeOver(store: RoutingStore): void {
  dispatch(store, { type: 'take-over-dismissed' });
}

/** Writes the current split over someone else's objects; only after the confirmation. */
export function confirmTakeOver(client: RoutingClient, store: RoutingStore): void {
  if (!store.getState().state.confirmingTakeOver) return;
  dispatch(store, { type: 'take-over-dismissed' });
  queue(client, store, true, true);
}

export function undo(client: RoutingClient, store: RoutingStore): void {
  const before = store.getState().state;
  dispatch(store, { type: 'undo-requested' });
  if (store.getState().state !== before) queue(client, store, true);
}

export function askRemove(store: RoutingStore): void {
  dispatch(store, { type: 'remove-asked' });
}

export function dismissRemove(store: RoutingStore): void {
  dispatch(store, { type: 'remove-dismissed' });
}

/** Removes MeshDeck's routing of the selected service; only after the confirmation. */
export async function confirmRemove(client: RoutingClient, store: RoutingStore): Promise<void> {
  const { state } = store.getState();
  const service = selectedService(state);
  if (!service || state.remove.kind !== 'confirming') return;
  dispatch(store, { type: 'remove-requested' });
  try {
    dispatch(store, { type: 'remove-done', info: await client.call('traffic.remove', { service: service.name, namespace: service.namespace }) });
  } catch (error) {
    dispatch(store, { type: 'remove-failed', error: toErrorInfo(error) });
  }
  await loadServices(client, store);
  void refreshPreview(client, store);
}

export async function openPreview(client: RoutingClient, store: RoutingStore): Promise<void> {
  if (store.getState().state.preview.kind === 'closed') dispatch(store, { type: 'preview-requested' });
  await refreshPreview(client, store);
}

/** Asks for the preview of the current split while the drawer is open. */
export async function refreshPreview(client: RoutingClient, store: RoutingStore): Promise<void> {
  const { state } = store.getState();
  const service = selectedService(state);
  if (!service || state.preview.kind === 'closed') return;
  const request = routeRequest(state, service);
  if (!request) return;
  dispatch(store, { type: 'preview-requested' });
  const asked = store.getState().state.previewAsked;
  try {
    dispatch(store, { type: 'preview-loaded', preview: await client.call('traffic.preview', request), asked });
  } catch (error) {
    dispatch(store, { type: 'preview-failed', error: toErrorInfo(error), asked });
  }
}

export function closePreview(store: RoutingStore): void {
  dispatch(store, { type: 'preview-closed' });
}
