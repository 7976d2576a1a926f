import { describe, expect, it } from 'vitest';
import { applyHeaderOps, foldHeaders } from './header-ops.js';

describe('applyHeaderOps', () => {
  it('removes first, then sets and appends, case-insensitively', () => {
    const out = applyHeaderOps({ 'x-frame-options': 'DENY', 'x-a': 'old', 'x-b': 'one' }, [{ remove: ['X-Frame-Options', 'x-a'], set: { 'X-A': 'new' }, add: { 'x-b': 'two', 'x-c': 'three' } }]);
    expect(out).toEqual({ 'x-a': 'new', 'x-b': ['one', 'two'], 'x-c': 'three' });
  });

  it('applies operation sets in order (route level, then destination level)', () => {
    expect(applyHeaderOps({}, [{ set: { a: '1' } }, { set: { a: '2' } }, undefined])).toEqual({ a: '2' });
  });

  it('leaves the input untouched', () => {
    const input = { a: '1' };
    applyHeaderOps(input, [{ remove: ['a'] }]);
    expect(input).toEqual({ a: '1' });
  });

  it('folds repeated request headers', () => {
    expect(foldHeaders({ a: ['1', '2'], b: '3' })).toEqual({ a: '1, 2', b: '3' });
  });
});
