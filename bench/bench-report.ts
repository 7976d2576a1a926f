// What every figure of the benchmark hands back: rows of MeshDeck's value beside a baseline
// measured in the same run, their ratio, the goal and whether it was met; plus the table they
// print as and the small statistics and flag helpers the figures share. Never runs anything.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export interface BenchRow {
  /** The issue's figure number (1–6). */
  figure: number;
  measure: string;
  /** Unit of `meshdeck` and `baseline` (ms, s, lines/s, MB, kB, %). */
  unit: string;
  meshdeck: number | null;
  /** The same measure for the baseline (what people do today, or the floor); null when there is none. */
  baseline: number | null;
  /** What the baseline is, in a few words. */
  baselineName: string;
  /** meshdeck / baseline. */
  ratio: number | null;
  /** The goal in words, e.g. "ratio ≤ 0.70" or "< 50 ms". */
  goal: string;
  /** null when the row only reports (no goal). */
  met: boolean | null;
  note?: string;
}

export type RowInput = Omit<BenchRow, 'ratio' | 'met'> & {
  /** Decides `met` from the row (with its ratio); leave out for rows without a goal. */
  check?: (values: { meshdeck: number; baseline: number | null; ratio: number | null }) => boolean;
};

export function row(input: RowInput): BenchRow {
  const { check, ...rest } = input;
  const ratio = input.meshdeck !== null && input.baseline !== null && input.baseline !== 0 ? input.meshdeck / input.baseline : null;
  const met = check && input.meshdeck !== null ? check({ meshdeck: input.meshdeck, baseline: input.baseline, ratio }) : null;
  return { ...rest, ratio, met: check ? met : null };
}

/** A row for a measure that could not be taken, with the reason; counts as a miss when it has a goal. */
export function missingRow(figure: number, measure: string, goal: string, reason: string): BenchRow {
  return { figure, measure, unit: '', meshdeck: null, baseline: null, baselineName: '', ratio: null, goal, met: goal === '' ? null : false, note: reason };
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Nearest-rank percentile (p95 of 20 values is the 19th smallest). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

function formatValue(value: number | null, unit: string): string {
  if (value === null || Number.isNaN(value)) return '-';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}

/** The rows as an aligned text table (also used, fenced, in BENCHMARKS.md). */
export function formatTable(rows: BenchRow[]): string {
  const header = ['fig', 'measure', 'MeshDeck', 'baseline', 'ratio', 'goal', 'met'];
  const cells = rows.map((r) => [
    String(r.figure),
    r.measure,
    formatValue(r.meshdeck, r.unit),
    r.baseline === null ? '-' : `${formatValue(r.baseline, r.unit)} (${r.baselineName})`,
    r.ratio === null ? '-' : `${r.ratio.toFixed(2)}×`,
    r.goal || '-',
    r.met === null ? '-' : r.met ? 'yes' : 'MISSED',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => c.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const notes = rows.filter((r) => r.note).map((r) => `  [${r.figure}] ${r.measure}: ${r.note}`);
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line), ...(notes.length ? ['', 'notes:', ...notes] : [])].join('\n');
}

/** `--name N` from argv as a number, or the fallback. */
export function numberFlag(name: string, fallback: number, argv: string[] = process.argv): number {
  const at = argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number, got "${argv[at + 1] ?? ''}"`);
  return value;
}

/** True when this module is the script node was started with (its own `npm run bench:<part>`). */
export function isEntryPoint(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === moduleUrl;
}

/**
 * Runs one figure as its own command: prints its table and exits 0 (misses are results, not
 * errors). With `--rows-file PATH` (how bench/run-all.ts runs it) it also writes the rows there as JSON.
 */
export function runFigure(title: string, measure: () => Promise<BenchRow[]>): void {
  console.log(`${title}\n`);
  const at = process.argv.indexOf('--rows-file');
  const rowsFile = at > 0 ? process.argv[at + 1] : undefined;
  measure().then(
    (rows) => {
      if (rowsFile) writeFileSync(rowsFile, JSON.stringify(rows));
      console.log(`\n${formatTable(rows)}`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
