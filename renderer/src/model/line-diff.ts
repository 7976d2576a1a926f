// A line diff of two small texts (a routing object's spec before and after, a few dozen lines)
// for the preview drawer: the longest common subsequence, then kept/removed/added lines in order.
// Quadratic, which is fine at this size; larger inputs fall back to "all removed, all added".

export type DiffLine = { kind: 'same' | 'removed' | 'added'; text: string };

/** Above this many line pairs the table would get large: show a plain replace instead. */
const MAX_CELLS = 250_000;

/** The lines of a text; a final newline ends the last line rather than starting an empty one. */
export function linesOf(text: string | null): string[] {
  const body = (text ?? '').replace(/\n$/, '');
  return body === '' ? [] : body.split('\n');
}

export function lineDiff(before: string | null, after: string | null): DiffLine[] {
  const a = linesOf(before);
  const b = linesOf(after);
  if (a.length * b.length > MAX_CELLS) {
    return [...a.map((text) => ({ kind: 'removed' as const, text })), ...b.map((text) => ({ kind: 'added' as const, text }))];
  }
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      out.push({ kind: 'removed', text: a[i++]! });
    } else {
      out.push({ kind: 'added', text: b[j++]! });
    }
  }
  while (i < a.length) out.push({ kind: 'removed', text: a[i++]! });
  while (j < b.length) out.push({ kind: 'added', text: b[j++]! });
  return out;
}
