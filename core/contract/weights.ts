// The traffic-split model behind the sliders: one integer weight per version, always summing to
// exactly 100, with locks, "evenly", Kiali-style rebalancing and the Istio task presets. Pure and
// shared by the renderer (sliders) and the core (checking requests); it builds no Istio objects.
//
// Edge cases, settled here once:
// - no versions: the split is empty and nothing can move; a lone version is fixed at 100.
// - moving a locked slider changes nothing (a lock means "keep this value").
// - when every other slider is locked the moved one is pinned: its value is what the locks leave.
// - locks on all but one (or on all) are allowed; the unlocked one is then pinned the same way.
// - a preset sets every slider and clears the locks, since it names the whole split.

import type { HeaderRouteInfo, WeightInfo } from './traffic';

export interface SplitState {
  readonly versions: readonly string[];
  readonly weights: readonly number[];
  readonly locked: readonly boolean[];
}

export interface TrafficPreset {
  id: string;
  label: string;
  weights: Record<string, number>;
  headerRoute?: HeaderRouteInfo;
}

const TOTAL = 100;

/** floor(100/n) each, the remainder to the last (33/33/34), nothing locked. */
export function evenSplit(versions: readonly string[]): SplitState {
  const n = versions.length;
  const share = n === 0 ? 0 : Math.floor(TOTAL / n);
  const weights = versions.map((_, i) => (i === n - 1 ? TOTAL - share * (n - 1) : share));
  return { versions: [...versions], weights, locked: versions.map(() => false) };
}

/** The live weights (may be null, partial, or name unknown versions) laid onto the versions; falls back to evenSplit when they don't form a valid split. */
export function splitFromWeights(versions: readonly string[], weights: readonly WeightInfo[] | null): SplitState {
  if (weights === null || versions.length === 0) return evenSplit(versions);
  const byVersion = new Map<string, number>();
  for (const { version, weight } of weights) {
    if (byVersion.has(version)) return evenSplit(versions);
    byVersion.set(version, weight);
  }
  // Weight sent to a version that no longer exists makes the known ones sum below 100: not a valid split.
  const laid = versions.map((version) => byVersion.get(version) ?? 0);
  if (!laid.every(isWeight) || sum(laid) !== TOTAL) return evenSplit(versions);
  return { versions: [...versions], weights: laid, locked: versions.map(() => false) };
}

/** Sets slider `index` to `value` (rounded, clamped to what the locked ones leave) and rebalances the other unlocked ones as described. */
export function moveSlider(state: SplitState, index: number, value: number): SplitState {
  checkIndex(state, index);
  if (state.locked[index] || Number.isNaN(value)) return state;
  const others = state.versions.map((_, i) => i).filter((i) => i !== index && !state.locked[i]);
  if (others.length === 0) return state; // pinned: the locks (or a lone version) decide its value
  const lockedSum = sum(state.weights.filter((_, i) => i !== index && state.locked[i]));
  const available = Math.max(0, TOTAL - lockedSum);
  const moved = Math.min(available, Math.max(0, Math.round(value)));
  const weights = [...state.weights];
  weights[index] = moved;
  // As Kiali does: keep the others in order while they fit, clip the one that overflows (the
  // rest become 0), and give any shortfall to the last unlocked one.
  const room = available - moved;
  let used = 0;
  for (const i of others) {
    const w = Math.min(weights[i] ?? 0, room - used);
    weights[i] = w;
    used += w;
  }
  const last = others[others.length - 1] as number;
  weights[last] = (weights[last] ?? 0) + room - used;
  return { ...state, weights };
}

export function setLocked(state: SplitState, index: number, locked: boolean): SplitState {
  checkIndex(state, index);
  if (state.locked[index] === locked) return state;
  return { ...state, locked: state.locked.map((l, i) => (i === index ? locked : l)) };
}

/** One entry per version, zeros included, in the versions' order. */
export function toWeightInfos(state: SplitState): WeightInfo[] {
  return state.versions.map((version, i) => ({ version, weight: state.weights[i] ?? 0 }));
}

const JASON_TO_V2: HeaderRouteInfo = { header: 'end-user', value: 'jason', version: 'v2' };

// The reviews task files of Istio's Bookinfo samples (samples/bookinfo/networking/virtual-service-*.yaml).
const PRESETS: readonly TrafficPreset[] = [
  { id: 'all-v1', label: 'All to v1', weights: { v1: 100 } },
  { id: '90-10', label: '90% v1, 10% v2', weights: { v1: 90, v2: 10 } },
  { id: '80-20', label: '80% v1, 20% v2', weights: { v1: 80, v2: 20 } },
  { id: '50-v3', label: '50% v1, 50% v3', weights: { v1: 50, v3: 50 } },
  { id: 'v2-v3', label: '50% v2, 50% v3', weights: { v2: 50, v3: 50 } },
  { id: 'v3', label: 'All to v3', weights: { v3: 100 } },
  { id: 'test-v2', label: 'User jason to v2, everyone else v1', weights: { v1: 100 }, headerRoute: JASON_TO_V2 },
];

/** Presets whose versions all exist in `versions` (ids: all-v1, 90-10, 80-20, 50-v3, v2-v3, v3, test-v2). */
export function presetsFor(versions: readonly string[]): TrafficPreset[] {
  const known = new Set(versions);
  return PRESETS.filter((preset) => presetVersions(preset).every((v) => known.has(v))).map(copyPreset);
}

/**
 * Sets every slider to the preset's weight (0 for versions it does not name) and clears the locks.
 * The preset's header route is not part of a SplitState: the caller keeps it beside the split.
 * Throws RangeError for a preset that does not fit the versions (presetsFor never offers one).
 */
export function applyPreset(state: SplitState, preset: TrafficPreset): SplitState {
  const known = new Set(state.versions);
  const missing = presetVersions(preset).filter((v) => !known.has(v));
  if (missing.length > 0) throw new RangeError(`Preset ${preset.id} needs version(s) ${missing.join(', ')}, which this service does not have.`);
  const weights = state.versions.map((version) => preset.weights[version] ?? 0);
  if (!weights.every(isWeight) || sum(weights) !== TOTAL) throw new RangeError(`Preset ${preset.id} does not split 100% into whole numbers.`);
  return { versions: state.versions, weights, locked: state.versions.map(() => false) };
}

/** What is wrong with a requested split for a service with `known` versions: each problem as a sentence (empty = fine): not integers, outside 0..100, sum != 100 (say the sum), unknown version (list known), duplicate version, empty. */
export function checkSplit(weights: readonly WeightInfo[], known: readonly string[]): string[] {
  if (weights.length === 0) return ['No weights were given: give each version a weight, for example v1=100.'];
  const problems: string[] = [];
  const knownList = known.length > 0 ? `its versions are ${known.join(', ')}` : 'it has no versions (no workload carries a version label)';
  const seen = new Set<string>();
  for (const { version, weight } of weights) {
    if (!known.includes(version)) problems.push(`"${version}" is not a version of this service; ${knownList}.`);
    if (seen.has(version)) problems.push(`${version} is given more than once; give each version one weight.`);
    seen.add(version);
    if (typeof weight !== 'number' || !Number.isInteger(weight)) problems.push(`The weight of ${version} is ${String(weight)}; weights must be whole numbers.`);
    else if (weight < 0 || weight > TOTAL) problems.push(`The weight of ${version} is ${weight}; each weight must be between 0 and 100.`);
  }
  const numbers = weights.map((w) => w.weight);
  if (numbers.every((w) => typeof w === 'number' && Number.isFinite(w)) && sum(numbers) !== TOTAL) {
    problems.push(`The weights add up to ${sum(numbers)}; they must add up to exactly 100.`);
  }
  return problems;
}

function presetVersions(preset: TrafficPreset): string[] {
  const versions = Object.keys(preset.weights);
  return preset.headerRoute && !versions.includes(preset.headerRoute.version) ? [...versions, preset.headerRoute.version] : versions;
}

function copyPreset(preset: TrafficPreset): TrafficPreset {
  const copy: TrafficPreset = { id: preset.id, label: preset.label, weights: { ...preset.weights } };
  if (preset.headerRoute) copy.headerRoute = { ...preset.headerRoute };
  return copy;
}

function checkIndex(state: SplitState, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= state.versions.length) {
    throw new RangeError(`No slider ${index}: the split has ${state.versions.length} version(s).`);
  }
}

function isWeight(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= TOTAL;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
