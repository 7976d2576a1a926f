// The Traffic screen's routing state: the services and their routing owners, the selected
// service's split (sliders, locks, header rule), where applying it stands, the undo history,
// the preview drawer, the confirmations, the target marks the chart draws, and what the core's
// follow says: the basis (versions of the routing objects) the sliders were made from, so a draft
// made against an older version shows as stale and an apply carries it, and whether the lab is
// gone. A pure reducer; the store and the flows that call the core are in routing-store.ts.

import {
  applyPreset,
  moveSlider,
  presetsFor,
  setLocked,
  toWeightInfos,
  type AppErrorInfo,
  type HeaderRouteInfo,
  type RoutingBasisInfo,
  type SplitState,
  type TrafficApplyInfo,
  type TrafficPreviewInfo,
  type TrafficRemoveInfo,
  type TrafficRouteRequest,
  type TrafficServiceInfo,
} from '../../../core/contract';
import { addMark, basisAfterApply, basisOf, liveOf, routingMode, sameBasis, sameRoute, serviceKey, servicesAfterApply, splitFor, versionNames, type RouteSnapshot, type ServiceKey } from '../model/service-routing';
import type { TargetMark } from '../model/split-series';

export type { RouteSnapshot, RoutingMode, ServiceKey } from '../model/service-routing';

export type ApplyPhase = 'idle' | 'applying' | 'accepted' | 'failed';

export type PreviewView = { kind: 'closed' } | { kind: 'loading'; last: TrafficPreviewInfo | null } | { kind: 'loaded'; preview: TrafficPreviewInfo } | { kind: 'error'; error: AppErrorInfo };

export type RemoveView = { kind: 'idle' } | { kind: 'confirming' } | { kind: 'removing' } | { kind: 'removed'; info: TrafficRemoveInfo } | { kind: 'error'; error: AppErrorInfo };

/** Undo steps kept per service. */
const KEPT_UNDO = 20;

export interface RoutingState {
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
  /** Counts preview questions and closings: an answer to an older question is stale. */
  previewAsked: number;
  confirmingTakeOver: boolean;
  remove: RemoveView;
  /** When the target changed, for the chart's target lines and for convergence. */
  marks: TargetMark[];
  /** The versions of the selected service's routing objects the sliders were made from (sent with every apply). */
  basis: RoutingBasisInfo | null;
  /** When another writer's change reached this screen (ms), until the user acts. */
  changedElsewhereAt: number | null;
  /** Why the lab is gone (the core's lab:state); null while it answers. */
  labGone: string | null;
  /** The screen asked the core to follow the cluster (asked again after a reconnect). */
  following: boolean;
}

export type RoutingAction =
  | { type: 'services-requested' }
  /** `asked`: the newest accepted apply when the services were asked for (an answer from before a later apply is older than what the screen knows). */
  | { type: 'services-loaded'; services: TrafficServiceInfo[]; now: number; asked?: number }
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
  | { type: 'preview-loaded'; preview: TrafficPreviewInfo; asked: number }
  | { type: 'preview-failed'; error: AppErrorInfo; asked: number }
  | { type: 'preview-closed' }
  | { type: 'take-over-asked' }
  | { type: 'take-over-dismissed' }
  | { type: 'remove-asked' }
  | { type: 'remove-dismissed' }
  | { type: 'remove-requested' }
  | { type: 'remove-done'; info: TrafficRemoveInfo }
  | { type: 'remove-failed'; error: AppErrorInfo }
  | { type: 'lab-state-changed'; state: 'running' | 'gone'; reason?: string }
  | { type: 'following-set'; following: boolean };

export const initialRoutingState: RoutingState = {
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
  previewAsked: 0,
  confirmingTakeOver: false,
  remove: { kind: 'idle' },
  marks: [],
  basis: null,
  changedElsewhereAt: null,
  labGone: null,
  following: false,
};

export function selectedService(state: RoutingState): TrafficServiceInfo | null {
  return state.services?.find((service) => serviceKey(service) === state.selected) ?? null;
}

/** A fresh view of one service: its live split, nothing pending. */
function showService(state: RoutingState, service: TrafficServiceInfo, now: number): RoutingState {
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
    basis: basisOf(service),
    changedElsewhereAt: null,
  };
}

/** What removing leaves of the basis: the objects this screen removed are gone (not removed by someone else). */
function basisAfterRemove(basis: RoutingBasisInfo | null, info: TrafficRemoveInfo): RoutingBasisInfo | null {
  if (!basis) return basis;
  const next = { ...basis };
  for (const removed of info.removed) next[removed.kind] = null;
  return next;
}

/** A draft (or a gesture) made from versions of the routing the cluster no longer holds. */
export function isStale(state: RoutingState): boolean {
  const service = selectedService(state);
  return state.dirty && state.basis !== null && service !== null && !sameBasis(state.basis, basisOf(service));
}

/** The cluster answered CONFLICT because the routing moved since the basis: the sliders follow what is there now. */
function isMoved(error: AppErrorInfo): boolean {
  return error.code === 'CONFLICT' && error.details?.['reason'] === 'moved';
}

function edited(state: RoutingState, split: SplitState, headerRoute: HeaderRouteInfo | null): RoutingState {
  if (split === state.split && headerRoute === state.headerRoute) return state;
  const service = selectedService(state);
  const live = service !== null && routingMode(service) === 'live';
  // A live gesture remembers where it started, so Undo can go back to before it.
  const gestureBase = live && state.gestureBase === undefined ? state.live : state.gestureBase;
  return { ...state, split, headerRoute, dirty: true, edits: state.edits + 1, gestureBase, remove: state.remove.kind === 'removed' ? { kind: 'idle' } : state.remove };
}

/** After the last answer of a gesture: record where it started, if the cluster moved since. */
function closeGesture(state: RoutingState): RoutingState {
  const base = state.gestureBase;
  const undo = base && state.live && !sameRoute(base, state.live) ? [...state.undo, base].slice(-KEPT_UNDO) : state.undo;
  return { ...state, undo, gestureBase: undefined };
}

type ActionOf<T extends RoutingAction['type']> = Extract<RoutingAction, { type: T }>;

/** New services: the selection stays (or falls to the first); sliders follow the cluster unless an edit is in progress. */
function servicesLoaded(state: RoutingState, action: ActionOf<'services-loaded'>): RoutingState {
  // Read before this screen's own newer write was accepted: the event of that write reads again.
  if (action.asked !== undefined && action.asked < state.acceptedSeq) return { ...state, servicesLoading: false };
  const next: RoutingState = { ...state, services: action.services, servicesLoading: false, servicesError: null };
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
  const resync = follow || versionsChanged;
  const clusterBasis = basisOf(current);
  // Someone else wrote (another tab, the CLI, kubectl): an "Accepted" from before no longer describes the cluster.
  const elsewhere = resync && state.phase !== 'applying' && state.basis !== null && !sameBasis(state.basis, clusterBasis);
  return {
    ...next,
    live,
    split: resync ? splitFor(current, live?.weights ?? null, state.split) : state.split,
    headerRoute: resync ? (live?.headerRoute ?? null) : state.headerRoute,
    dirty: resync ? false : state.dirty,
    marks: changed ? addMark(state.marks, { at: action.now, weights: live?.weights ?? null }) : state.marks,
    basis: resync ? clusterBasis : state.basis,
    ...(elsewhere ? { changedElsewhereAt: action.now, ...(state.phase === 'accepted' ? { phase: 'idle' as const, lastAccepted: null } : {}) } : {}),
  };
}

function draftDiscarded(state: RoutingState): RoutingState {
  const service = selectedService(state);
  if (!service || state.phase === 'applying') return state;
  return { ...state, split: splitFor(service, state.live?.weights ?? null, state.split), headerRoute: state.live?.headerRoute ?? null, dirty: false, gestureBase: undefined, basis: basisOf(service) };
}

/** Puts the sliders back where the last gesture started; applying them is the flow's. */
function undoRequested(state: RoutingState): RoutingState {
  const target = state.undo.at(-1);
  const service = selectedService(state);
  if (!target || !service || state.phase === 'applying') return state;
  return { ...state, split: splitFor(service, target.weights, state.split), headerRoute: target.headerRoute, dirty: true, edits: state.edits + 1, gestureBase: null, undoing: true };
}

function applyAccepted(state: RoutingState, action: ActionOf<'apply-accepted'>): RoutingState {
  // Another service's answer (the user moved on) still says who owns that service now.
  if (action.key !== state.selected) return { ...state, services: servicesAfterApply(state.services, action.key, action.info) };
  if (action.seq <= state.acceptedSeq) return state;
  const live: RouteSnapshot = { weights: action.info.weights.map((w) => ({ ...w })), headerRoute: state.headerRoute };
  let next: RoutingState = {
    ...state,
    services: servicesAfterApply(state.services, action.key, action.info),
    acceptedSeq: action.seq,
    lastAccepted: action.info,
    live,
    phase: action.seq >= state.sentSeq ? 'accepted' : 'applying',
    applyError: null,
    marks: addMark(state.marks, { at: Date.parse(action.info.acceptedAt), weights: live.weights }),
    basis: basisAfterApply(state.basis, action.info),
    changedElsewhereAt: null,
  };
  if (action.final) {
    // Edits made after this value left are still to be settled.
    next = { ...next, dirty: state.edits !== action.edits };
    next = next.undoing ? { ...next, undo: next.undo.slice(0, -1), undoing: false, gestureBase: undefined } : closeGesture(next);
  }
  return next;
}

function applyFailed(state: RoutingState, action: ActionOf<'apply-failed'>): RoutingState {
  if (action.key !== state.selected || action.seq < state.sentSeq) return state;
  // Moved since the basis: the edit is over, and the sliders follow what is there now (read again by the flow).
  if (isMoved(action.error)) return { ...state, phase: 'failed', applyError: action.error, dirty: false, undoing: false, gestureBase: undefined };
  const next: RoutingState = { ...state, phase: 'failed', applyError: action.error };
  // The sliders keep what the user asked for; "dirty" stays, so releasing again retries.
  if (!action.final) return next;
  return next.undoing ? { ...next, undoing: false, gestureBase: undefined } : closeGesture(next);
}

function previewRequested(state: RoutingState): RoutingState {
  const last = state.preview.kind === 'loaded' ? state.preview.preview : state.preview.kind === 'loading' ? state.preview.last : null;
  return { ...state, preview: { kind: 'loading', last }, previewAsked: state.previewAsked + 1 };
}

export function reduceRouting(state: RoutingState, action: RoutingAction): RoutingState {
  switch (action.type) {
    case 'services-requested':
      return { ...state, servicesLoading: true };
    case 'services-loaded':
      return servicesLoaded(state, action);
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
    case 'draft-discarded':
      return draftDiscarded(state);
    case 'undo-requested':
      return undoRequested(state);
    case 'apply-sent':
      if (action.key !== state.selected) return state;
      return { ...state, phase: 'applying', sentSeq: Math.max(state.sentSeq, action.seq), applyError: null, confirmingTakeOver: false };
    case 'apply-accepted':
      return applyAccepted(state, action);
    case 'apply-failed':
      return applyFailed(state, action);
    case 'preview-requested':
      return previewRequested(state);
    case 'preview-loaded':
      // Only the newest question's answer is shown, and none once the drawer is closed.
      return state.preview.kind === 'closed' || action.asked !== state.previewAsked ? state : { ...state, preview: { kind: 'loaded', preview: action.preview } };
    case 'preview-failed':
      return state.preview.kind === 'closed' || action.asked !== state.previewAsked ? state : { ...state, preview: { kind: 'error', error: action.error } };
    case 'preview-closed':
      return { ...state, preview: { kind: 'closed' }, previewAsked: state.previewAsked + 1 };
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
      return { ...state, remove: { kind: 'removed', info: action.info }, undo: [], gestureBase: undefined, lastAccepted: null, phase: 'idle', applyError: null, basis: basisAfterRemove(state.basis, action.info) };
    case 'remove-failed':
      return { ...state, remove: { kind: 'error', error: action.error } };
    case 'lab-state-changed':
      return action.state === 'gone'
        ? { ...state, labGone: action.reason ?? 'The lab’s cluster stopped answering.', confirmingTakeOver: false, preview: { kind: 'closed' }, previewAsked: state.previewAsked + 1 }
        : { ...state, labGone: null };
    case 'following-set':
      return { ...state, following: action.following };
  }
}

export function routeRequest(state: RoutingState, service: TrafficServiceInfo, takeOver = false): TrafficRouteRequest | null {
  if (!state.split) return null;
  // The sliders own the header rule they show: null removes it (a cleared chip, a preset without one).
  const request: TrafficRouteRequest = { service: service.name, namespace: service.namespace, weights: toWeightInfos(state.split), headerRoute: state.headerRoute };
  if (takeOver) request.takeOver = true;
  return request;
}

export function isApplying(state: RoutingState): boolean {
  return state.phase === 'applying';
}
