// Judges what a traffic check's requests brought back against its `expect`: reviews version
// shares and status code shares within a tolerance (percentage points), latency bounds on p50,
// p99 or the slowest answer, and the share of pages reporting a backend problem. Pure.
import type { TrafficExpect } from '../pack-types';

export interface Outcome {
  /** HTTP status; 0 when no HTTP answer came (reset, refused, timeout). */
  status: number;
  version: string | null;
  problem: string | null;
  latencyMs: number;
}

export interface Verdict {
  passed: boolean;
  expected: string;
  found: string;
}

function share(count: number, total: number): number {
  return total === 0 ? 0 : (100 * count) / total;
}

function countBy(items: (string | null)[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) if (item !== null) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function shares(label: string, wanted: Record<string, number>, counts: Map<string, number>, total: number, tolerance: number): Verdict {
  const passed = Object.entries(wanted).every(([key, pct]) => Math.abs(share(counts.get(key) ?? 0, total) - pct) <= tolerance);
  const expected = Object.entries(wanted).map(([key, pct]) => `${label}${key} ${pct} %`).join(', ') + ` ± ${tolerance}`;
  const found = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, n]) => `${label}${key} ${Math.round(share(n, total))} %`).join(', ') || 'nothing';
  return { passed, expected, found };
}

const BOUNDS = {
  p50AboveMs: { p: 50, above: true, name: 'p50 above' },
  p50BelowMs: { p: 50, above: false, name: 'p50 below' },
  p99AboveMs: { p: 99, above: true, name: 'p99 above' },
  p99BelowMs: { p: 99, above: false, name: 'p99 below' },
  maxBelowMs: { p: 100, above: false, name: 'slowest below' },
} as const;

function latency(bounds: NonNullable<TrafficExpect['latency']>, outcomes: Outcome[]): Verdict {
  const sorted = outcomes.filter((o) => o.status !== 0).map((o) => o.latencyMs).sort((a, b) => a - b);
  const parts = Object.entries(bounds).map(([key, ms]) => {
    const bound = BOUNDS[key as keyof typeof BOUNDS];
    const value = percentile(sorted, bound.p);
    return { passed: sorted.length > 0 && (bound.above ? value > ms : value < ms), expected: `${bound.name} ${ms} ms`, found: `${bound.name.split(' ')[0] ?? ''} ${Math.round(value)} ms` };
  });
  return { passed: parts.every((p) => p.passed), expected: parts.map((p) => p.expected).join(', '), found: parts.map((p) => p.found).join(', ') };
}

/** Every expectation of `expect` over `outcomes`; passes when all do. */
export function judgeTraffic(expect: TrafficExpect, outcomes: Outcome[]): Verdict {
  const total = outcomes.length;
  const verdicts: Verdict[] = [];
  if (expect.versions) {
    const answered = outcomes.filter((o) => o.version !== null);
    verdicts.push(shares('', expect.versions, countBy(answered.map((o) => o.version)), answered.length, expect.tolerance));
  }
  if (expect.codes) verdicts.push(shares('', expect.codes, countBy(outcomes.map((o) => String(o.status).padStart(3, '0'))), total, expect.tolerance));
  if (expect.latency) verdicts.push(latency(expect.latency, outcomes));
  if (expect.page) {
    const pct = share(outcomes.filter((o) => o.problem === expect.page).length, total);
    verdicts.push({ passed: pct >= 100 - expect.tolerance, expected: `${expect.page} on ≥ ${100 - expect.tolerance} % of pages`, found: `${expect.page} on ${Math.round(pct)} %` });
  }
  return { passed: total > 0 && verdicts.every((v) => v.passed), expected: verdicts.map((v) => v.expected).join('; '), found: `${verdicts.map((v) => v.found).join('; ')} (of ${total} requests)` };
}
