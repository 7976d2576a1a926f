// Istio duration strings ("7s", "0.5s", "1m30s", "250ms") to milliseconds. Istio accepts Go
// duration syntax in its CRDs, so this does too; anything unparsable is `undefined` and the
// caller falls back to Envoy's default for that field.

const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };

export function durationMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const part = /(\d+(?:\.\d*)?|\.\d+)(h|ms|m|s|us|µs|ns)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = part.exec(trimmed); match; match = part.exec(trimmed)) {
    total += Number(match[1]) * (units[match[2] ?? 's'] ?? 0);
    consumed = part.lastIndex;
  }
  return consumed > 0 && consumed === trimmed.length ? total : undefined;
}
