// `requires.istio` of a pack: a simple semver range (comparators separated by spaces, such as
// ">=1.28 <1.32") tested against the lab's Istio version. Pure.

function parts(version: string): number[] {
  return version.replace(/^v/, '').split(/[.-]/).slice(0, 3).map((p) => Number.parseInt(p, 10) || 0);
}

function compare(a: string, b: string): number {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function satisfies(version: string, range: string): boolean {
  return range
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .every((comparator) => {
      const match = /^(>=|<=|>|<|=)?\s*(\d+(?:\.\d+){0,2})$/.exec(comparator);
      if (!match) return false;
      const d = compare(version, match[2] ?? '0');
      switch (match[1]) {
        case '>=': return d >= 0;
        case '<=': return d <= 0;
        case '>': return d > 0;
        case '<': return d < 0;
        default: return compare(version.split('.').slice(0, (match[2] ?? '').split('.').length).join('.'), match[2] ?? '') === 0;
      }
    });
}
