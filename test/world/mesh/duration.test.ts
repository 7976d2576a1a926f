import { describe, expect, it } from 'vitest';
import { durationMs } from './duration.js';

describe('durationMs', () => {
  it('parses the duration spellings Istio accepts', () => {
    expect(durationMs('7s')).toBe(7000);
    expect(durationMs('0.5s')).toBe(500);
    expect(durationMs('250ms')).toBe(250);
    expect(durationMs('1m30s')).toBe(90_000);
    expect(durationMs('1h')).toBe(3_600_000);
    expect(durationMs('0')).toBe(0);
  });
  it('rejects what it cannot read', () => {
    expect(durationMs(undefined)).toBeUndefined();
    expect(durationMs('7')).toBeUndefined();
    expect(durationMs('7 seconds')).toBeUndefined();
    expect(durationMs('')).toBeUndefined();
  });
});
