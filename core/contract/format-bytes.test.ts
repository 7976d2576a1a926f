import { describe, expect, it } from 'vitest';
import { formatBytes } from './format-bytes';

describe('formatBytes', () => {
  it('reads like docker images sizes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1234)).toBe('1.23 kB');
    expect(formatBytes(45_600)).toBe('45.6 kB');
    expect(formatBytes(412_000_000)).toBe('412 MB');
    expect(formatBytes(1_930_000_000)).toBe('1.93 GB');
    expect(formatBytes(-5)).toBe('0 B');
  });
});
