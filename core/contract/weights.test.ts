// The slider model: examples for each rule (Kiali's balancing, locks, presets, checks) and
// fast-check properties that no sequence of moves, locks and presets breaks the 100% invariant.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPreset, checkSplit, evenSplit, moveSlider, presetsFor, setLocked, splitFromWeights, toWeightInfos, type SplitState } from './weights';

const V3 = ['v1', 'v2', 'v3'];

describe('evenSplit', () => {
  it('gives floor(100/n) each and the remainder to the last', () => {
    expect(evenSplit(V3).weights).toEqual([33, 33, 34]);
    expect(evenSplit(['a', 'b']).weights).toEqual([50, 50]);
    expect(evenSplit(['a', 'b', 'c', 'd', 'e', 'f', 'g']).weights).toEqual([14, 14, 14, 14, 14, 14, 16]);
    expect(evenSplit(['only']).weights).toEqual([100]);
    expect(evenSplit([])).toEqual({ versions: [], weights: [], locked: [] });
    expect(evenSplit(V3).locked).toEqual([false, false, false]);
  });
});

describe('splitFromWeights', () => {
  it('lays live weights onto the versions, missing ones at 0', () => {
    expect(splitFromWeights(V3, [{ version: 'v2', weight: 20 }, { version: 'v1', weight: 80 }]).weights).toEqual([80, 20, 0]);
    expect(splitFromWeights(V3, [{ version: 'v9', weight: 0 }, { version: 'v3', weight: 100 }]).weights).toEqual([0, 0, 100]);
  });

  it('falls back to an even split when the weights do not form a valid split', () => {
    const even = [33, 33, 34];
    expect(splitFromWeights(V3, null).weights).toEqual(even);
    expect(splitFromWeights(V3, [{ version: 'v1', weight: 50 }, { version: 'v9', weight: 50 }]).weights).toEqual(even);
    expect(splitFromWeights(V3, [{ version: 'v1', weight: 50 }, { version: 'v1', weight: 50 }]).weights).toEqual(even);
    expect(splitFromWeights(V3, [{ version: 'v1', weight: 99.5 }, { version: 'v2', weight: 0.5 }]).weights).toEqual(even);
    expect(splitFromWeights(V3, [{ version: 'v1', weight: 90 }]).weights).toEqual(even);
    expect(splitFromWeights([], [{ version: 'v1', weight: 100 }]).weights).toEqual([]);
  });
});

describe('moveSlider', () => {
  it('clips the other unlocked sliders in order and gives the shortfall to the last', () => {
    const start = splitFromWeights(V3, [{ version: 'v1', weight: 20 }, { version: 'v2', weight: 50 }, { version: 'v3', weight: 30 }]);
    // v3 to 60 leaves 40: v1 keeps 20, v2 is clipped to 20.
    expect(moveSlider(start, 2, 60).weights).toEqual([20, 20, 60]);
    // v3 to 90 leaves 10: v1 is clipped to 10, v2 gets 0.
    expect(moveSlider(start, 2, 90).weights).toEqual([10, 0, 90]);
    // v1 to 0 frees 20: v2 keeps 50, the shortfall goes to v3 (the last unlocked).
    expect(moveSlider(start, 0, 0).weights).toEqual([0, 50, 50]);
    // v3 to 10 frees 20: the last unlocked other is v2.
    expect(moveSlider(start, 2, 10).weights).toEqual([20, 70, 10]);
  });

  it('keeps locked sliders and clamps the moved one to what they leave', () => {
    const locked = setLocked(splitFromWeights(V3, [{ version: 'v1', weight: 30 }, { version: 'v2', weight: 30 }, { version: 'v3', weight: 40 }]), 0, true);
    expect(moveSlider(locked, 1, 100).weights).toEqual([30, 70, 0]);
    expect(moveSlider(locked, 2, 5).weights).toEqual([30, 65, 5]);
  });

  it('rounds fractional values and clamps out-of-range ones', () => {
    expect(moveSlider(evenSplit(['a', 'b']), 0, 12.6).weights).toEqual([13, 87]);
    expect(moveSlider(evenSplit(['a', 'b']), 0, -5).weights).toEqual([0, 100]);
    expect(moveSlider(evenSplit(['a', 'b']), 0, 250).weights).toEqual([100, 0]);
    expect(moveSlider(evenSplit(['a', 'b']), 0, Number.POSITIVE_INFINITY).weights).toEqual([100, 0]);
    const even = evenSplit(['a', 'b']);
    expect(moveSlider(even, 0, Number.NaN)).toBe(even);
  });

  it('pins a slider when all others are locked, and ignores moves of a locked one', () => {
    let state = splitFromWeights(V3, [{ version: 'v1', weight: 10 }, { version: 'v2', weight: 20 }, { version: 'v3', weight: 70 }]);
    state = setLocked(setLocked(state, 0, true), 1, true);
    expect(moveSlider(state, 2, 0)).toBe(state);
    expect(moveSlider(state, 0, 50)).toBe(state);
    expect(moveSlider(evenSplit(['only']), 0, 40).weights).toEqual([100]);
  });

  it('refuses a slider that does not exist', () => {
    expect(() => moveSlider(evenSplit(V3), 3, 10)).toThrow(RangeError);
    expect(() => setLocked(evenSplit([]), 0, true)).toThrow(RangeError);
  });
});

describe('presets', () => {
  it('offers only presets whose versions the service has', () => {
    expect(presetsFor(V3).map((p) => p.id)).toEqual(['all-v1', '90-10', '80-20', '50-v3', 'v2-v3', 'v3', 'test-v2']);
    expect(presetsFor(['v1', 'v2']).map((p) => p.id)).toEqual(['all-v1', '90-10', '80-20', 'test-v2']);
    expect(presetsFor(['v1', 'v3']).map((p) => p.id)).toEqual(['all-v1', '50-v3', 'v3']);
    expect(presetsFor(['blue', 'green'])).toEqual([]);
    expect(presetsFor(V3).find((p) => p.id === 'test-v2')?.headerRoute).toEqual({ header: 'end-user', value: 'jason', version: 'v2' });
  });

  it('hands out copies, so a caller cannot change the catalogue', () => {
    const first = presetsFor(V3)[0]!;
    first.weights['v1'] = 1;
    expect(presetsFor(V3)[0]!.weights).toEqual({ v1: 100 });
  });

  it('sets every slider and clears the locks', () => {
    const locked = setLocked(evenSplit(V3), 2, true);
    const preset = presetsFor(V3).find((p) => p.id === '80-20')!;
    expect(applyPreset(locked, preset)).toEqual({ versions: V3, weights: [80, 20, 0], locked: [false, false, false] });
    expect(() => applyPreset(evenSplit(['v1']), preset)).toThrow(/needs version\(s\) v2/);
    expect(() => applyPreset(evenSplit(['v1']), { id: 'bad', label: 'bad', weights: { v1: 60 } })).toThrow(/does not split/);
  });
});

describe('checkSplit', () => {
  it('accepts a valid split, zeros included', () => {
    expect(checkSplit([{ version: 'v1', weight: 100 }, { version: 'v2', weight: 0 }], V3)).toEqual([]);
    expect(checkSplit(toWeightInfos(evenSplit(V3)), V3)).toEqual([]);
  });

  it('says each thing that is wrong', () => {
    expect(checkSplit([], V3)).toEqual(['No weights were given: give each version a weight, for example v1=100.']);
    expect(checkSplit([{ version: 'v1', weight: 80 }, { version: 'v2', weight: 10 }], V3)).toEqual(['The weights add up to 90; they must add up to exactly 100.']);
    expect(checkSplit([{ version: 'v1', weight: 50.5 }, { version: 'v2', weight: 49.5 }], V3)).toEqual([
      'The weight of v1 is 50.5; weights must be whole numbers.',
      'The weight of v2 is 49.5; weights must be whole numbers.',
    ]);
    expect(checkSplit([{ version: 'v1', weight: 120 }, { version: 'v2', weight: -20 }], V3)).toEqual([
      'The weight of v1 is 120; each weight must be between 0 and 100.',
      'The weight of v2 is -20; each weight must be between 0 and 100.',
    ]);
    expect(checkSplit([{ version: 'v4', weight: 100 }], V3)).toEqual(['"v4" is not a version of this service; its versions are v1, v2, v3.']);
    expect(checkSplit([{ version: 'v1', weight: 50 }, { version: 'v1', weight: 50 }], V3)).toEqual(['v1 is given more than once; give each version one weight.']);
    expect(checkSplit([{ version: 'v1', weight: 100 }], [])).toEqual(['"v1" is not a version of this service; it has no versions (no workload carries a version label).']);
    expect(checkSplit([{ version: 'v1', weight: Number.NaN }], V3)).toEqual(['The weight of v1 is NaN; weights must be whole numbers.']);
  });
});

// --- properties -----------------------------------------------------------------------------

type Step = { kind: 'move'; index: number; value: number } | { kind: 'lock'; index: number; locked: boolean } | { kind: 'preset'; pick: number };

const versionNames = fc.uniqueArray(fc.constantFrom('v1', 'v2', 'v3', 'v4', 'v10', 'canary', 'stable'), { minLength: 1, maxLength: 7 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('move' as const), index: fc.nat(), value: fc.oneof(fc.integer({ min: -50, max: 150 }), fc.double({ min: -1e3, max: 1e3, noNaN: true })) }),
  fc.record({ kind: fc.constant('lock' as const), index: fc.nat(), locked: fc.boolean() }),
  fc.record({ kind: fc.constant('preset' as const), pick: fc.nat() }),
);

function play(versions: readonly string[], steps: readonly Step[], check: (before: SplitState, after: SplitState, step: Step) => void): SplitState {
  let state = evenSplit(versions);
  for (const s of steps) {
    const before = state;
    if (s.kind === 'move') state = moveSlider(state, s.index % versions.length, s.value);
    else if (s.kind === 'lock') state = setLocked(state, s.index % versions.length, s.locked);
    else {
      const presets = presetsFor(versions);
      if (presets.length > 0) state = applyPreset(state, presets[s.pick % presets.length]!);
    }
    check(before, state, s);
  }
  return state;
}

function expectValid(state: SplitState): void {
  expect(state.weights).toHaveLength(state.versions.length);
  expect(state.locked).toHaveLength(state.versions.length);
  for (const w of state.weights) {
    expect(Number.isInteger(w)).toBe(true);
    expect(w).toBeGreaterThanOrEqual(0);
    expect(w).toBeLessThanOrEqual(100);
  }
  expect(state.weights.reduce((a, b) => a + b, 0)).toBe(100);
  expect(checkSplit(toWeightInfos(state), state.versions)).toEqual([]);
}

describe('properties', () => {
  it('any sequence of moves, locks and presets keeps integer weights in 0..100 that sum to 100', () => {
    fc.assert(
      fc.property(versionNames, fc.array(step, { maxLength: 40 }), (versions, steps) => {
        expectValid(play(versions, steps, (_, after) => expectValid(after)));
      }),
      { numRuns: 400 },
    );
  });

  it('a move never changes a locked slider, and lands the moved one where asked when it can', () => {
    fc.assert(
      fc.property(versionNames, fc.array(step, { maxLength: 40 }), (versions, steps) => {
        play(versions, steps, (before, after, s) => {
          if (s.kind !== 'move') return;
          const index = s.index % versions.length;
          before.locked.forEach((locked, i) => {
            if (locked) expect(after.weights[i]).toBe(before.weights[i]);
          });
          const freeOthers = before.locked.filter((l, i) => !l && i !== index).length;
          if (before.locked[index] || freeOthers === 0) {
            expect(after).toBe(before);
            return;
          }
          const room = 100 - before.weights.reduce((sum, w, i) => (before.locked[i] && i !== index ? sum + w : sum), 0);
          expect(after.weights[index]).toBe(Math.min(room, Math.max(0, Math.round(s.value))));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('splitFromWeights round-trips every valid split and never yields an invalid one', () => {
    fc.assert(
      fc.property(versionNames, fc.array(step, { maxLength: 20 }), fc.array(fc.record({ version: fc.constantFrom('v1', 'v2', 'v9'), weight: fc.integer({ min: -10, max: 110 }) }), { maxLength: 4 }), (versions, steps, junk) => {
        const state = play(versions, steps, () => undefined);
        expect(splitFromWeights(versions, toWeightInfos(state)).weights).toEqual(state.weights);
        expectValid(splitFromWeights(versions, junk));
      }),
      { numRuns: 300 },
    );
  });
});
