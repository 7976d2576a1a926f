// Randomness the data plane depends on, made injectable: a seeded generator (so tests can be
// exact), weighted choice as Envoy's weighted clusters do it, and percentage rolls for faults.
// Owns no routing knowledge.

/** Returns a number in [0, 1), like Math.random. */
export type RandomSource = () => number;

/** mulberry32: tiny, fast and good enough for traffic splits; same seed, same sequence. */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Picks an index with probability weight/sum. Missing weights count as 0 when any weight is set
 * (Istio's rule); when none is set the entries share traffic evenly. Returns -1 when nothing can win.
 */
export function pickWeighted(weights: readonly (number | undefined)[], random: RandomSource): number {
  if (weights.length === 0) return -1;
  if (weights.length === 1) return 0;
  const anySet = weights.some((w) => w !== undefined);
  const effective = weights.map((w) => (anySet ? Math.max(0, w ?? 0) : 1));
  const total = effective.reduce((a, b) => a + b, 0);
  if (total <= 0) return -1;
  let roll = random() * total;
  for (let i = 0; i < effective.length; i++) {
    roll -= effective[i] ?? 0;
    if (roll < 0) return i;
  }
  return effective.length - 1;
}

/** True with probability percent/100 (values outside 0..100 are clamped). */
export function rollPercent(percent: number, random: RandomSource): boolean {
  if (percent >= 100) return true;
  if (percent <= 0) return false;
  return random() * 100 < percent;
}
