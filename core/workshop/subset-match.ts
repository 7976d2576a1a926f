// The `match:` of an object check: a mapping matches when each of its keys matches, a scalar when
// equal as a YAML scalar (100 == "100") or as a duration (0.5s == 500ms), a list when each of its
// items matches some item of the live list (order-free). Pure; says where the first miss was.

export interface MatchMiss {
  /** spec.http[0].fault.delay.fixedDelay */
  path: string;
  wanted: unknown;
  found: unknown;
}

const DURATION = /^(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)$/;
const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };

/** Milliseconds of a duration written as Istio writes them ("7s", "0.5s", "500ms", "1h"), else null. */
export function durationMs(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = DURATION.exec(value.trim());
  if (!match) return null;
  return Number(match[1]) * (UNIT_MS[match[2] ?? 's'] ?? 1);
}

function sameScalar(wanted: unknown, found: unknown): boolean {
  if (wanted === found) return true;
  if (wanted === null || found === null || wanted === undefined || found === undefined) return false;
  if (typeof wanted === 'object' || typeof found === 'object') return false;
  if (String(wanted) === String(found)) return true;
  const a = durationMs(wanted);
  const b = durationMs(found);
  if (a !== null && b !== null) return Math.abs(a - b) < 1e-9;
  return typeof wanted !== 'string' || typeof found !== 'string' ? Number(wanted) === Number(found) && !Number.isNaN(Number(wanted)) : false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

/** null when `live` has everything `wanted` asks for; otherwise the first miss. */
export function subsetMatch(wanted: unknown, live: unknown, path = ''): MatchMiss | null {
  if (isRecord(wanted)) {
    if (!isRecord(live)) return { path, wanted, found: live };
    for (const [key, value] of Object.entries(wanted)) {
      const miss = subsetMatch(value, live[key], join(path, key));
      if (miss) return miss;
    }
    return null;
  }
  if (Array.isArray(wanted)) {
    if (!Array.isArray(live)) return { path, wanted, found: live };
    for (const [i, item] of wanted.entries()) {
      if (!live.some((candidate) => subsetMatch(item, candidate) === null)) return { path: join(path, i), wanted: item, found: live };
    }
    return null;
  }
  return sameScalar(wanted, live) ? null : { path, wanted, found: live };
}
