import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { durationMs, subsetMatch } from './subset-match';

const json = fc.jsonValue({ maxDepth: 4 });

describe('subsetMatch', () => {
  it('matches any value against itself, and any part of it taken away', () => {
    fc.assert(fc.property(json, (value) => subsetMatch(value, value) === null));
    fc.assert(
      fc.property(fc.dictionary(fc.string(), json, { minKeys: 1 }), fc.nat(), (live, n) => {
        const keys = Object.keys(live);
        const dropped = keys[n % keys.length] as string;
        const wanted = Object.fromEntries(Object.entries(live).filter(([k]) => k !== dropped));
        return subsetMatch(wanted, live) === null;
      }),
    );
  });

  it('takes list items in any order', () => {
    fc.assert(fc.property(fc.array(json, { maxLength: 6 }), fc.integer(), (items, seed) => {
      const shuffled = [...items].sort(() => (seed % 2 === 0 ? 1 : -1));
      return subsetMatch(shuffled, items) === null && subsetMatch(items.slice(0, 2), items) === null;
    }));
  });

  it('misses a key the live object lacks or holds otherwise, saying where', () => {
    fc.assert(fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.integer()), fc.string({ minLength: 1 }), (live, key) => {
      const wanted = { [key]: (live[key] ?? 0) + 1 };
      return subsetMatch({ spec: wanted }, { spec: live })?.path === `spec.${key}`;
    }));
  });

  it('compares scalars as YAML does and durations after normalising', () => {
    expect(subsetMatch({ weight: 100 }, { weight: '100' })).toBeNull();
    expect(subsetMatch({ fixedDelay: '0.5s' }, { fixedDelay: '500ms' })).toBeNull();
    expect(subsetMatch({ fixedDelay: '7s' }, { fixedDelay: '7000ms' })).toBeNull();
    expect(subsetMatch({ fixedDelay: '7s' }, { fixedDelay: '5s' })).toEqual({ path: 'fixedDelay', wanted: '7s', found: '5s' });
    expect(subsetMatch({ a: 'x' }, {})).toEqual({ path: 'a', wanted: 'x', found: undefined });
    expect(subsetMatch({ http: [{ route: [{ destination: { subset: 'v3' } }] }] }, { http: [{ route: [{ destination: { subset: 'v1' } }] }] })?.path).toBe('http[0]');
    expect(durationMs('1h')).toBe(3_600_000);
    expect(durationMs('fast')).toBeNull();
  });
});
