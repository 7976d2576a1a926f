import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineDiff, linesOf } from './line-diff';

describe('line diff', () => {
  it('marks a changed weight as one line out and one line in', () => {
    const before = 'http:\n- route:\n  - weight: 100\n    subset: v1\n';
    const after = 'http:\n- route:\n  - weight: 50\n    subset: v1\n';
    expect(lineDiff(before, after)).toEqual([
      { kind: 'same', text: 'http:' },
      { kind: 'same', text: '- route:' },
      { kind: 'removed', text: '  - weight: 100' },
      { kind: 'added', text: '  - weight: 50' },
      { kind: 'same', text: '    subset: v1' },
    ]);
  });

  it('shows a new object as all added and a missing one as nothing', () => {
    expect(lineDiff(null, 'a\nb')).toEqual([
      { kind: 'added', text: 'a' },
      { kind: 'added', text: 'b' },
    ]);
    expect(lineDiff(null, '')).toEqual([]);
  });

  it('reads a final newline as the end of the last line', () => {
    expect(linesOf('a\nb\n')).toEqual(['a', 'b']);
    expect(linesOf('a\n\n')).toEqual(['a', '']);
    expect(linesOf('\n')).toEqual([]);
    expect(linesOf(null)).toEqual([]);
  });

  it('always rebuilds both texts, and equal texts are all kept', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c', 'weight: 1', ''), { maxLength: 12 }).map((lines) => lines.join('\n'));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const diff = lineDiff(before, after);
        const rebuilt = (keep: 'removed' | 'added') => diff.filter((line) => line.kind !== keep).map((line) => line.text);
        expect(rebuilt('added')).toEqual(linesOf(before));
        expect(rebuilt('removed')).toEqual(linesOf(after));
        if (before === after) expect(diff.every((line) => line.kind === 'same')).toBe(true);
      }),
    );
  });
});
