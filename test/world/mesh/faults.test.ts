import { describe, expect, it } from 'vitest';
import { rollFault } from './faults.js';
import { seededRandom } from './weighted-pick.js';

describe('rollFault', () => {
  it('applies delay and abort at 100% (and when the percentage is missing)', () => {
    const random = seededRandom(1);
    expect(rollFault({ delay: { fixedDelay: '7s', percentage: { value: 100 } }, abort: { httpStatus: 500, percentage: { value: 100 } } }, random)).toEqual({ delayMs: 7000, abortStatus: 500 });
    expect(rollFault({ abort: { httpStatus: 503 } }, random)).toEqual({ abortStatus: 503 });
    expect(rollFault({ delay: { fixedDelay: '1s' } }, random)).toEqual({ delayMs: 1000 });
  });

  it('honours the deprecated integer `percent` of delays', () => {
    expect(rollFault({ delay: { fixedDelay: '1s', percent: 0 } }, () => 0)).toEqual({});
  });

  it('rolls each percentage independently', () => {
    const random = seededRandom(5);
    let aborts = 0;
    let delays = 0;
    for (let i = 0; i < 10_000; i++) {
      const f = rollFault({ delay: { fixedDelay: '1ms', percentage: { value: 10 } }, abort: { httpStatus: 500, percentage: { value: 30 } } }, random);
      if (f.abortStatus) aborts++;
      if (f.delayMs) delays++;
    }
    expect(Math.round(aborts / 100)).toBeGreaterThanOrEqual(29);
    expect(Math.round(aborts / 100)).toBeLessThanOrEqual(31);
    expect(Math.round(delays / 100)).toBeGreaterThanOrEqual(9);
    expect(Math.round(delays / 100)).toBeLessThanOrEqual(11);
  });

  it('does nothing without a fault or with an unreadable delay', () => {
    expect(rollFault(undefined, () => 0)).toEqual({});
    expect(rollFault({ delay: { fixedDelay: 'soon' } }, () => 0)).toEqual({});
  });
});
