import { describe, expect, it } from 'vitest';
import { satisfies } from './istio-range';

describe('satisfies', () => {
  it('reads space-separated comparators', () => {
    expect(satisfies('1.29.1', '>=1.28 <1.32')).toBe(true);
    expect(satisfies('1.32.0', '>=1.28 <1.32')).toBe(false);
    expect(satisfies('1.27.9', '>=1.28')).toBe(false);
    expect(satisfies('1.29.3', '1.29')).toBe(true);
    expect(satisfies('1.30.0', '=1.29')).toBe(false);
  });
});
