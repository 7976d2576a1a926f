import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pickWeighted, rollPercent, seededRandom } from './weighted-pick.js';

describe('seededRandom', () => {
  it('repeats a sequence for the same seed and stays in [0, 1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    for (let i = 0; i < 1000; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});

describe('pickWeighted', () => {
  it('follows the weights', () => {
    const random = seededRandom(11);
    const counts = [0, 0, 0];
    for (let i = 0; i < 20_000; i++) counts[pickWeighted([50, 30, 20], random)]!++;
    expect(counts.map((c) => Math.round((c / 20_000) * 100))).toEqual([50, 30, 20]);
  });

  it('maps the random roll onto cumulative weights exactly', () => {
    expect(pickWeighted([80, 20], () => 0)).toBe(0);
    expect(pickWeighted([80, 20], () => 0.7999)).toBe(0);
    expect(pickWeighted([80, 20], () => 0.8)).toBe(1);
    expect(pickWeighted([80, 20], () => 0.9999)).toBe(1);
  });

  it('treats missing weights as 0 when some are set, and as equal when none are', () => {
    expect(pickWeighted([undefined, 100], () => 0)).toBe(1);
    expect(pickWeighted([undefined, undefined], () => 0.6)).toBe(1);
    expect(pickWeighted([0, 0], () => 0.5)).toBe(-1);
    expect(pickWeighted([], () => 0.5)).toBe(-1);
    expect(pickWeighted([0], () => 0.5)).toBe(0);
  });

  it('never picks a zero-weight entry', () => {
    fc.assert(fc.property(fc.array(fc.nat({ max: 100 }), { minLength: 2, maxLength: 6 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (weights, roll) => {
      const i = pickWeighted(weights, () => roll);
      if (weights.every((w) => w === 0)) return i === -1;
      return i >= 0 && (weights[i] ?? 0) > 0;
    }));
  });
});

describe('rollPercent', () => {
  it('clamps and rolls', () => {
    expect(rollPercent(100, () => 0.9999)).toBe(true);
    expect(rollPercent(0, () => 0)).toBe(false);
    expect(rollPercent(50, () => 0.49)).toBe(true);
    expect(rollPercent(50, () => 0.5)).toBe(false);
    expect(rollPercent(0.1, () => 0.0009)).toBe(true);
  });
});
