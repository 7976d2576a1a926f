// The Traffic screen's state: the services and their routing owners, the selected service's split
// (sliders, locks, header rule), where applying it stands, the undo history, the preview drawer,
// the confirmations, and the traffic generator run this screen follows with its windows.
// A pure reducer plus a small zustand store; the flows that call the core (through one apply
// coalescer per store, so applies never overlap) take the client and the store as parameters.

import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  applyPreset,
  moveSlider,
  presetsFor,
  setLocked,
  splitFromWeights,
  toWeightInfos,
  type AppErrorInfo,
  type Client,
  type GeneratorRunInfo,
  type HeaderRouteInfo,
  type SplitState,
  type TrafficApplyInfo,
  type TrafficPreviewInfo,
  type TrafficRemoveInfo,
  type TrafficRouteRequest,
  type TrafficServiceInfo,
  type TrafficWindowInfo,
  type WeightInfo,
} from '../../../core/contract';
import { createApplyCoalescer, type ApplyCoalescer, type CoalescerClock } from '../model/apply-coalescer';
import { toErrorInfo } from '../model/error-text';
import { KEPT_WINDOWS, type TargetMark } from '../model/split-series';

/** `<namespace>/<name>` of a service. */
export type ServiceKey = string;

export function serviceKey(service: Pick<TrafficServiceInfo, 'name' | 'namespace'>): ServiceKey {
  return `${service.namespace}/${service.name}`;
}

/**
 * How edits reach the cluster. live: MeshDeck wrote this service's routing, so moves apply as
 * they happen. draft: nothing is written yet; the first apply goes through the preview.
 * foreign: someone else wrote it; nothing is written without an explicit take over.
 */
export type RoutingMode = 'live' | 'draft' | 'foreign';

export function routingMode(service: TrafficServiceInfo): RoutingMode {
  // Only the objects named after the service are MeshDeck's to write; other VirtualServices for
  // the same host are shown, never touched.
  const own = service.objects.filter((object) => object.name === service.name);
  if (own.some((object) => object.owner === 'foreign')) return 'foreign';
  return own.length > 0 ? 'live' : 'draft';
}

export interface RouteSnapshot {
  weights: WeightInfo[];
  headerRoute: HeaderRouteInfo | null;
}

export type ApplyPhase = 'idle' | 'applying' | 'accepted' | 'failed';

export type PreviewView = { kind: 'closed' } | { kind: 'loading'; last: TrafficPreviewInfo | null } | { kind: 'loaded'; preview: TrafficPreviewInfo } | { kind: 'error'; error: AppErrorInfo };

export type RemoveView = { kind: 'idle' } | { kind: 'confirming' } | { kind: 'removing' } | { kind: 'removed'; info: TrafficRemoveInfo } | { kind: 'error'; error: AppErrorInfo };

export interface GeneratorSettings {
  rps: number;
  durationSeconds: number;
}

export const DEFAULT_RPS = 5;
export const MAX_RPS = 200;
export const DEFAULT_DURATION_SECONDS = 60;
export const MAX_DURATION_SECONDS = 3600;
/** Undo steps kept per service. */
const KEPT_UNDO = 20;
/** Target marks kept for the chart: more than the windows it draws ever need. */
const KEPT_MARKS = 64;

export interface TrafficState {
  services: TrafficServiceInfo[] | null;
  servicesLoading: boolean;
  servicesError: AppErrorInfo | null;
  selected: ServiceKey | null;
  /** The sliders of the selected service; null until it is known. */
  split: SplitState | null;
  headerRoute: HeaderRouteInfo | null;
  /** The split was edited since it last matched the cluster (a draft, or a gesture whose final apply is not answered). */
  dirty: boolean;
  /** Counts edits, so a final answer can tell whether the user edited again meanwhile. */
  edits: number;
  /** What the cluster routes by for the selected service, as far as this screen knows. */
  live: RouteSnapshot | null;
  phase: ApplyPhase;
  /** The newest apply that left, and the newest the cluster accepted (answers older than it are stale). */
  sentSeq: number;
  acceptedSeq: number;
  lastAccepted: TrafficApplyInfo | null;
  applyError: AppErrorInfo | null;
  /** Earlier routes of the selected service, newest last. */
  undo: RouteSnapshot[];
  /** The route before the gesture in progress (undefined: none in progress; null: an undo, not recorded). */
  gestureBase: RouteSnapshot | null | undefined;
  /** An undo that was sent and not answered yet: popped when accepted. */
  undoing: boolean;
  preview: PreviewView;
  confirmingTakeOver: boolean;
  remove: RemoveView;
  generator: GeneratorSettings;
  /** The generator run shown, and whether this screen started it (then it stops it on close). */
  run: GeneratorRunInfo | null;
  ownRun: boolean;
  runRequest: 'starting' | 'stopping' | null;
  runError: AppErrorInfo | null;
  windows: TrafficWindowInfo[];
  /** When the target changed, for the chart's target lines and for convergence. */
  marks: TargetMark[];
}

export type TrafficAction =
  | { type: 'services-requested' }
  | { type: 'services-loaded'; services: TrafficServiceInfo[]; now: number }
  | { type: 'services-failed'; error: AppErrorInfo }
  | { type: 'service-selected'; key: ServiceKey; now: number }
  | { type: 'slider-moved'; index: number; value: number }
  | { type: 'lock-set'; index: number; locked: boolean }
  | { type: 'preset-chosen'; id: string }
  | { type: 'header-route-cleared' }
  | { type: 'draft-discarded' }
  | { type: 'undo-requested' }
  | { type: 'apply-sent'; key: ServiceKey; seq: number }
  | { type: 'apply-accepted'; key: ServiceKey; seq: number; final: boolean; edits: number; info: TrafficApplyInfo }
  | { type: 'apply-failed'; key: ServiceKey; seq: number; final: boolean; edits: number; error: AppErrorInfo }
  | { type: 'preview-requested' }
  | { type: 'preview-loaded'; preview: TrafficPreviewInfo }
  | { type: 'preview-failed'; error: AppErrorInfo }
  | { type: 'preview-closed' }
  | { type: 'take-over-asked' }
  | { type: 'take-over-dismissed' }
  | { type: 'remove-asked' }
  | { type: 'remove-dismissed' }
  | { type: 'remove-requested' }
  | { type: 'remove-done'; info: TrafficRemoveInfo }
  | { type: 'remove-failed'; error: AppErrorInfo }
  | { type: 'generator-changed'; settings: Partial<GeneratorSettings> }
  | { type: 'run-requested' }
  | { type: 'run-started'; run: GeneratorRunInfo }
  | { type: 'run-refused'; error: AppErrorInfo }
  | { type: 'stop-requested' }
  | { type: 'stop-failed'; error: AppErrorInfo }
  | { type: 'run-updated'; run: GeneratorRunInfo }
  | { type: 'window-received'; window: TrafficWindowInfo };

export const initialTrafficState: TrafficState = {
  services: null,
  servicesLoading: false,
  servicesError: null,
  selected: null,
  split: null,
  headerRoute: null,
  dirty: false,
  edits: 0,
  live: null,
  phase: 'idle',
  sentSeq: 0,
  acceptedSeq: 0,
  lastAccepted: null,
  applyError: null,
  undo: [],
  gestureBase: undefined,
  undoing: false,
  preview: { kind: 'closed' },
  confirmingTakeOver: false,
  remove: { kind: 'idle' },
  generator: { rps: DEFAULT_RPS, durationSeconds: DEFAULT_DURATION_SECONDS },
  run: null,
  ownRun: false,
  runRequest: null,
  runError: null,
  windows: [],
  marks: [],
};

export function selectedService(state: TrafficState): TrafficServiceInfo | null {
  return state.services?.find((service) => serviceKey(service) === state.selected) ?? null;
}

export function versionNames(service: TrafficServiceInfo): string[] {
  return service.versions.map((version) => version.name);
}

export function sameRoute(a: RouteSnapshot | null | undefined, b: RouteSnapshot | null | undefined): boolean {
  if (!a || !b) return a === b;
  const weightsOf = (route: RouteSnapshot) => JSON.stringify([...route.weights].filter((w) => w.weight > 0).sort((x, y) => x.version.localeCompare(y.version)));
  return weightsOf(a) === weightsOf(b) && JSON.stringify(a.headerRoute) === JSON.stringify(b.headerRoute);
}

function liveOf(service: TrafficServiceInfo): RouteSnapshot | null {
  return service.weights ? { weights: service.weights.map((w) => ({ ...w })), headerRoute: service.headerRoute ?? null } : null;
}

/** The split laid onto the service's versions, keeping the user's locks where the versions still exist. */
function splitFor(service: TrafficServiceInfo, weights: readonly WeightInfo[] | null, keepLocksFrom: SplitState | null): SplitState {
  let split = splitFromWeights(versionNames(service), weights);
  if (keepLocksFrom) {
    split.versions.forEach((version, index) => {
      const before = keepLocksFrom.versions.indexOf(version);
      if (before !== -1 && keepLocksFrom.locked[before]) split = setLocked(split, index, true);
    });
  }
  return split;
}

function sameWeights(a: readonly WeightInfo[] | null, b: readonly WeightInfo[] | null): boolean {
  return a === null || b === null ? a === b : sameRoute({ weights: [...a], headerRoute: null }, { weights: [...b], headerRoute: null });
}

function addMark(marks: TargetMark[], mark: TargetMark): TargetMark[] {
  const last = marks.at(-1);
  if (last && sameWeights(last.weights, mark.weights)) return marks;
  return [...marks, mark].slice(-KEPT_MARKS);
}

/** A fresh view of one service: its live split, nothing pending. */
function showService(state: TrafficState, service: TrafficServiceInfo, now: number): TrafficState {
  const live = liveOf(service);
  return {
    ...state,
    selected: serviceKey(service),
    split: splitFor(service, live?.weights ?? null, null),
    headerRoute: live?.headerRoute ?? null,
    dirty: false,
    live,
    phase: 'idle',
    lastAccepted: null,
    applyError: null,
    undo: [],
    gestureBase: undefined,
    undoing: false,
    preview: state.preview.kind === 'closed' ? state.preview : { kind: 'loading', last: null },
    confirmingTakeOver: false,
    remove: { kind: 'idle' },
    marks: addMark([], { at: now, weights: live?.weights ?? null }),
  };
}

/** The services list with what an accepted apply says about the selected service. */
function servicesAfterApply(services: TrafficServiceInfo[] | null, key: ServiceKey, info: TrafficApplyInfo): TrafficServiceInfo[] | null {
  if (!services) return services;
  return services.map((service) => {
    if (serviceKey(service) !== key) return service;
    const objects = service.objects.filter((object) => !info.objects.some((written) => written.kind === object.kind && written.name === object.name));
    for (const written of info.objects) objects.push({ kind: written.kind, name: written.name, owner: 'meshdeck', resourceVersion: written.resourceVersion, managers: ['meshdeck'] });
    const owner = objects.some((object) => object.owner === 'foreign') ? 'foreign' : 'meshdeck';
    const { headerRoute: _old, ...rest } = service;
    return { ...rest, objects, owner, weights: info.weights.map((w) => ({ ...w })) };
  });
}

function edited(state: TrafficState, split: SplitState, headerRoute: HeaderRouteInfo | null): TrafficState {
  if (split === state.split && headerRoute === state.headerRoute) return state;
  const service = selectedService(state);
  const live = service !== null && routingMode(service) === 'live';
  // A live gesture remembers where it started, so Undo can go back to before it.
  const gestureBase = live && state.gestureBase === undefined ? state.live : state.gestureBase;
  return { ...state, split, headerRoute, dirty: true, edits: state.edits + 1, gestureBase, remove: state.remove.kind === 'removed' ? { kind: 'idle' } : state.remove };
}

/** After the last answer of a gesture: record where it started, if the cluster moved since. */
function closeGesture(state: TrafficState): TrafficState {
  const base = state.gestureBase;
  const undo = base && state.live && !sameRoute(base, state.live) ? [...state.undo, base].slice(-KEPT_UNDO) : state.undo;
  return { ...state, undo, gestureBase: undefined };
}

function followRun(state: TrafficState, run: GeneratorRunInfo, own: boolean): TrafficState {
  if (state.run?.runId === run.runId) return { ...state, run: newer(state.run, run), ownRun: state.ownRun || own };
  return { ...state, run, ownRun: own, windows: [] };
}

/** A finished run never goes back to running: a late "running" snapshot is stale. */
function newer(known: GeneratorRunInfo, incoming: GeneratorRunInfo): GeneratorRunInfo {
  if (known.state !== 'running' && incoming.state === 'running') return known;
  return incoming;
}

export function reduceTraffic(state: TrafficState, action: TrafficAction): TrafficState {
  switch (action.type) {
    case 'services-requested':
      return { ...state, servicesLoading: true };
    case 'services-loaded': {
      const next: TrafficState = { ...state, services: action.services, servicesLoading: false, servicesError: null };
      const current = selectedService(next);
      if (!current) {
        const first = action.services[0];
        return first ? showService(next, first, action.now) : { ...next, selected: null, split: null, headerRoute: null, live: null, dirty: false };
      }
      const live = liveOf(current);
      const versionsChanged = !state.split || state.split.versions.join('\n') !== versionNames(current).join('\n');
      // An edit in progress keeps its sliders; otherwise they follow the cluster.
      const follow = !state.dirty && state.phase !== 'applying';
      const changed = !sameRoute(state.live, live);
      return {
        ...next,
        live,
        split: follow || versionsChanged ? splitFor(current, live?.weights ?? null, state.split) : state.split,
        headerRoute: follow || versionsChanged ? (live?.headerRoute ?? null) : state.headerRoute,
        dirty: follow || versionsChanged ? false : state.dirty,
        marks: changed ? addMark(state.marks, { at: action.now, weights: live?.weights ?? null }) : state.marks,
      };
    }
    case 'services-failed':
      return { ...state, servicesLoading: false, servicesError: action.error };
    case 'service-selected': {
      const service = state.services?.find((entry) => serviceKey(entry) === action.key);
      return service && action.key !== state.selected ? showService(state, service, action.now) : state;
    }
    case 'slider-moved':
      return state.split ? edited(state, moveSlider(state.split, action.index, action.value), state.headerRoute) : state;
    case 'lock-set':
      return state.split ? { ...state, split: setLocked(state.split, action.index, action.locked) } : state;
    case 'preset-chosen': {
      if (!state.split) return state;
      const preset = presetsFor(state.split.versions).find((entry) => entry.id === action.id);
      return preset ? edited(state, applyPreset(state.split, preset), preset.headerRoute ?? null) : state;
    }
    case 'header-route-cleared':
      return state.headerRoute && state.split ? edited(state, state.split, null) : state;
    case 'draft-discarded': {
      const service = selectedService(state);
      if (!service || state.phase === 'applying') return state;
      return { ...state, split: splitFor(service, state.live?.weights ?? null, state.split), headerRoute: state.live?.headerRoute ?? null, dirty: false, gestureBase: undefined };
    }
    case 'undo-requested': {
      const target = state.undo.at(-1);
      const service = selectedService(state);
      if (!target || !service || state.phase === 'applying') return state;
      return { ...state, split: splitFor(service, target.weights, state.split), headerRoute: target.headerRoute, dirty: true, edits: state.edits + 1, gestureBase: null, undoing: true };
    }
    case 'apply-sent':
      if (action.key !== state.selected) return state;
      return { ...state, phase: 'applying', sentSeq: Math.max(state.sentSeq, action.seq), applyError: null, confirmingTakeOver: false };
    case 'apply-accepted': {
      // Another service's answer (the user moved on) still says who owns that service now.
      if (action.key !== state.selected) return { ...state, services: servicesAfterApply(state.services, action.key, action.info) };
      if (action.seq <= state.acceptedSeq) return state;
      const live: RouteSnapshot = { weights: action.info.weights.map((w) => ({ ...w })), headerRoute: state.headerRoute };
      let next: TrafficState = {
        ...state,
        services: servicesAfterApply(state.services, action.key, action.info),
        acceptedSeq: action.seq,
        lastAccepted: action.info,
        live,
        phase: action.seq >= state.sentSeq ? 'accepted' : 'applying',
        applyError: null,
        marks: addMark(state.marks, { at: Date.parse(action.info.acceptedAt), weights: live.weights }),
      };
      if (action.final) {
        // Edits made after this value left are still to be settled.
        next = { ...next, dirty: state.edits !== action.edits };
        next = next.undoing ? { ...next, undo: next.undo.slice(0, -1), undoing: false, gestureBase: undefined } : closeGesture(next);
      }
      return next;
    }
    case 'apply-failed': {
      if (action.key !== state.selected || action.seq < state.sentSeq) return state;
      let next: TrafficState = { ...state, phase: 'failed', applyError: action.error };
      // The sliders keep what the user asked for; "dirty" stays, so releasing again retries.
      if (action.final) next = next.undoing ? { ...next, undoing: false, gestureBase: undefined } : closeGesture(next);
      return next;
    }
    case 'preview-requested':
      return { ...state, preview: { kind: 'loading', last: state.preview.kind === 'loaded' ? state.preview.preview : state.preview.kind === 'loading' ? state.preview.last : null } };
    case 'preview-loaded':
      return state.preview.kind === 'closed' ? state : { ...state, preview: { kind: 'loaded', preview: action.preview } };
    case 'preview-failed':
      return state.preview.kind === 'closed' ? state : { ...state, preview: { kind: 'error', error: action.error } };
    case 'preview-closed':
      return { ...state, preview: { kind: 'closed' } };
    case 'take-over-asked':
      return { ...state, confirmingTakeOver: true };
    case 'take-over-dismissed':
      return { ...state, confirmingTakeOver: false };
    case 'remove-asked':
      return { ...state, remove: { kind: 'confirming' } };
    case 'remove-dismissed':
      return state.remove.kind === 'confirming' ? { ...state, remove: { kind: 'idle' } } : state;
    case 'remove-requested':
      return { ...state, remove: { kind: 'removing' } };
    case 'remove-done':
      return { ...state, remove: { kind: 'removed', info: action.info }, undo: [], gestureBase: undefined, lastAccepted: null, phase: 'idle', applyError: null };
    case 'remove-failed':
      return { ...state, remove: { kind: 'error', error: action.error } };
    case 'generator-changed':
      return { ...state, generator: { ...state.generator, ...action.settings } };
    case 'run-requested':
      return { ...state, runRequest: 'starting', runError: null };
    case 'run-started':
      return { ...followRun(state, action.run, true), runRequest: null };
    case 'run-refused':
      return { ...state, runRequest: null, runError: action.error };
    case 'stop-requested':
      return { ...state, runRequest: 'stopping', runError: null };
    case 'stop-failed':
      return { ...state, runRequest: null, runError: action.error };
    case 'run-updated': {
      const { run } = action;
      if (state.run?.runId === run.runId) {
        const updated = newer(state.run, run);
        return { ...state, run: updated, runRequest: updated.state === 'running' ? state.runRequest : null };
      }
      // A run started elsewhere (the CLI, another window) is shown too, unless this screen is
      // waiting for its own start to be answered or follows a run that is still going.
      if (run.state === 'running' && state.runRequest !== 'starting' && state.run?.state !== 'running') return followRun(state, run, false);
      return state;
    }
    case 'window-received': {
      if (state.run?.runId !== action.window.runId) return state;
      const last = state.windows.at(-1);
      if (last && action.window.at <= last.at) return state;
      const windows = [...state.windows, action.window].slice(-KEPT_WINDOWS);
      return { ...state, windows, run: { ...state.run, totals: action.window.totals } };
    }
  }
}

export function routeRequest(state: TrafficState, service: TrafficServiceInfo, takeOver = false): TrafficRouteRequest | null {
  if (!state.split) return null;
  const request: TrafficRouteRequest = { service: service.name, namespace: service.namespace, weights: toWeightInfos(state.split) };
  if (state.headerRoute) request.headerRoute = state.headerRoute;
  if (takeOver) request.takeOver = true;
  return request;
}

export function isApplying(state: TrafficState): boolean {
  return state.phase === 'applying';
}

export function isRunning(state: TrafficState): boolean {
  return state.run?.state === 'running';
}

export interface TrafficStore {
  state: TrafficState;
  dispatch(action: TrafficAction): void;
}

export function createTrafficStore(initial: TrafficState = initialTrafficState): StoreApi<TrafficStore> {
  return createStore<TrafficStore>((set) => ({
    state: initial,
    dispatch: (action) => set((current) => ({ state: reduceTraffic(current.state, action) })),
  }));
}

type TrafficClient = Pick<Client, 'call'>;

interface QueuedApply {
  key: ServiceKey;
  request: TrafficRouteRequest;
  /** The edit count when it was queued. */
  edits: number;
}

export interface TrafficActionsOptions {
  clock?: CoalescerClock;
  now?: () => number;
}

/**
 * What the screen can do. One instance per store and client: its coalescer is the only path
 * to `traffic.apply`, so applies never overlap however often the screen mounts.
 */
export interface TrafficActions {
  loadServices(): Promise<void>;
  selectService(key: ServiceKey): void;
  /** A slider moved while dragging (or a key is held). */
  moveSlider(index: number, value: number): void;
  /** The drag or key press ended: the current split is applied once more, as the final value. */
  releaseSlider(): void;
  setLock(index: number, locked: boolean): void;
  choosePreset(id: string): void;
  clearHeaderRoute(): void;
  /** Applies a draft (the first apply of a service whose routing MeshDeck has not written yet). */
  applyDraft(): void;
  discardDraft(): void;
  askTakeOver(): void;
  dismissTakeOver(): void;
  /** Writes the current split over someone else's objects; only after the confirmation. */
  confirmTakeOver(): void;
  undo(): void;
  askRemove(): void;
  dismissRemove(): void;
  confirmRemove(): Promise<void>;
  openPreview(): Promise<void>;
  refreshPreview(): Promise<void>;
  closePreview(): void;
  setGenerator(settings: Partial<GeneratorSettings>): void;
  startGenerator(): Promise<void>;
  stopGenerator(): Promise<void>;
  /** Shows a run that is already going (started before this screen opened). */
  resumeRuns(): Promise<void>;
  /** The screen closes: stops the run it started ("stops when the pane closes"). */
  leave(): Promise<void>;
}

export function createTrafficActions(client: TrafficClient, store: StoreApi<TrafficStore>, options: TrafficActionsOptions = {}): TrafficActions {
  const now = options.now ?? (() => Date.now());
  const dispatch = (action: TrafficAction) => store.getState().dispatch(action);
  const state = () => store.getState().state;
  let previewAsked = 0;

  const coalescer: ApplyCoalescer<QueuedApply> = createApplyCoalescer<QueuedApply, TrafficApplyInfo>({
    send: ({ request }, seq) => client.call('traffic.apply', { ...request, seq }),
    onSent: ({ key }, seq) => dispatch({ type: 'apply-sent', key, seq }),
    firstSeq: state().sentSeq + 1,
    ...(options.clock ? { clock: options.clock } : {}),
    onAccepted: (info, seq, final, { key, edits }) => {
      dispatch({ type: 'apply-accepted', key, seq, final, edits, info });
      if (final) afterFinal();
    },
    onFailed: (error, seq, final, { key, edits }) => {
      const info = toErrorInfo(error);
      dispatch({ type: 'apply-failed', key, seq, final, edits, error: info });
      // Someone else wrote (or changed) the routing: read who, so the screen can offer a take over.
      if (info.code === 'CONFLICT') void loadServices();
    },
  });

  function afterFinal() {
    if (state().preview.kind !== 'closed') void refreshPreview();
  }

  function queue(final: boolean, takeOver = false) {
    const current = state();
    const service = selectedService(current);
    if (!service) return;
    const request = routeRequest(current, service, takeOver);
    if (!request) return;
    const item = { key: serviceKey(service), request, edits: current.edits };
    if (final) coalescer.release(item);
    else coalescer.move(item);
  }

  function liveMode(): boolean {
    const service = selectedService(state());
    return service !== null && routingMode(service) === 'live';
  }

  async function loadServices() {
    dispatch({ type: 'services-requested' });
    try {
      dispatch({ type: 'services-loaded', services: await client.call('traffic.services', {}), now: now() });
    } catch (error) {
      dispatch({ type: 'services-failed', error: toErrorInfo(error) });
    }
  }

  async function openPreview() {
    if (state().preview.kind === 'closed') dispatch({ type: 'preview-requested' });
    await refreshPreview();
  }

  async function refreshPreview() {
    const current = state();
    const service = selectedService(current);
    if (!service || current.preview.kind === 'closed') return;
    const request = routeRequest(current, service);
    if (!request) return;
    const asked = ++previewAsked;
    dispatch({ type: 'preview-requested' });
    try {
      const preview = await client.call('traffic.preview', request);
      // Only the newest question's answer is shown.
      if (asked === previewAsked) dispatch({ type: 'preview-loaded', preview });
    } catch (error) {
      if (asked === previewAsked) dispatch({ type: 'preview-failed', error: toErrorInfo(error) });
    }
  }

  return {
    loadServices,
    selectService(key) {
      dispatch({ type: 'service-selected', key, now: now() });
      void refreshPreview();
    },
    moveSlider(index, value) {
      const before = state().split;
      dispatch({ type: 'slider-moved', index, value });
      if (state().split !== before && liveMode()) queue(false);
    },
    releaseSlider() {
      if (!state().dirty) return;
      // Live: the released split is the final apply. Otherwise the change is shown first.
      if (liveMode()) queue(true);
      else void openPreview();
    },
    setLock(index, locked) {
      dispatch({ type: 'lock-set', index, locked });
    },
    choosePreset(id) {
      const before = state();
      dispatch({ type: 'preset-chosen', id });
      if (state() === before) return;
      if (liveMode()) queue(true);
      else void openPreview();
    },
    clearHeaderRoute() {
      const before = state();
      dispatch({ type: 'header-route-cleared' });
      if (state() === before) return;
      if (liveMode()) queue(true);
      else void openPreview();
    },
    applyDraft() {
      const service = selectedService(state());
      if (service && routingMode(service) === 'draft') queue(true);
    },
    discardDraft() {
      dispatch({ type: 'draft-discarded' });
      void refreshPreview();
    },
    askTakeOver() {
      dispatch({ type: 'take-over-asked' });
    },
    dismissTakeOver() {
      dispatch({ type: 'take-over-dismissed' });
    },
    confirmTakeOver() {
      if (!state().confirmingTakeOver) return;
      dispatch({ type: 'take-over-dismissed' });
      queue(true, true);
    },
    undo() {
      const before = state();
      dispatch({ type: 'undo-requested' });
      if (state() !== before) queue(true);
    },
    askRemove() {
      dispatch({ type: 'remove-asked' });
    },
    dismissRemove() {
      dispatch({ type: 'remove-dismissed' });
    },
    async confirmRemove() {
      const current = state();
      const service = selectedService(current);
      if (!service || current.remove.kind !== 'confirming') return;
      dispatch({ type: 'remove-requested' });
      try {
        dispatch({ type: 'remove-done', info: await client.call('traffic.remove', { service: service.name, namespace: service.namespace }) });
      } catch (error) {
        dispatch({ type: 'remove-failed', error: toErrorInfo(error) });
      }
      await loadServices();
      void refreshPreview();
    },
    openPreview,
    refreshPreview,
    closePreview() {
      previewAsked++;
      dispatch({ type: 'preview-closed' });
    },
    setGenerator(settings) {
      dispatch({ type: 'generator-changed', settings });
    },
    async startGenerator() {
      const current = state();
      if (current.runRequest || isRunning(current)) return;
      dispatch({ type: 'run-requested' });
      try {
        const run = await client.call('traffic.start', { rps: current.generator.rps, durationSeconds: current.generator.durationSeconds });
        dispatch({ type: 'run-started', run });
      } catch (error) {
        dispatch({ type: 'run-refused', error: toErrorInfo(error) });
      }
    },
    async stopGenerator() {
      const run = state().run;
      if (!run || run.state !== 'running') return;
      dispatch({ type: 'stop-requested' });
      try {
        dispatch({ type: 'run-updated', run: await client.call('traffic.stop', { runId: run.runId }) });
      } catch (error) {
        dispatch({ type: 'stop-failed', error: toErrorInfo(error) });
      }
    },
    async resumeRuns() {
      try {
        const runs = await client.call('traffic.runs', {});
        const running = runs.filter((run) => run.state === 'running').sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
        if (running) dispatch({ type: 'run-updated', run: running });
      } catch {
        // Listing is a nicety: a run started elsewhere still shows up with its next event.
      }
    },
    async leave() {
      const current = state();
      if (!current.ownRun || current.run?.state !== 'running') return;
      try {
        dispatch({ type: 'run-updated', run: await client.call('traffic.stop', { runId: current.run.runId }) });
      } catch {
        // It may have finished meanwhile; its own event says so.
      }
    },
  };
}

export const trafficStore = createTrafficStore();

const actionsByClient = new WeakMap<TrafficClient, TrafficActions>();

/** The one TrafficActions of the app's store for this client. */
export function trafficActions(client: TrafficClient): TrafficActions {
  let actions = actionsByClient.get(client);
  if (!actions) {
    actions = createTrafficActions(client, trafficStore);
    actionsByClient.set(client, actions);
  }
  return actions;
}

export function useTrafficState<T>(select: (state: TrafficState) => T): T {
  return useStore(trafficStore, (store) => select(store.state));
}
