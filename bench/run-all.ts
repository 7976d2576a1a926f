// `npm run bench`: every figure of issue 9 in sequence, each in its own process (so one figure's
// leftovers never weigh on the next, and a crash costs only its rows), then one table, the rows
// with the machine's facts in bench/results.json, and the table in BENCHMARKS.md between its
// results markers. `-- --only up,logs` runs some parts. Not part of `npm test`.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumPath } from '../test/support/requirements';
import { formatTable, missingRow, type BenchRow } from './bench-report';

interface Part {
  /** npm run bench:<name> runs it alone. */
  name: string;
  figure: number;
  file: string;
  args: string[];
  /** The goal its rows would have had, for the row that says it could not run. */
  goal: string;
}

const PARTS: Part[] = [
  { name: 'up', figure: 1, file: 'orchestration.ts', args: ['--scale', '0.5', '--rounds', '2'], goal: 'ratio ≤ 0.70' },
  { name: 'apply', figure: 2, file: 'apply.ts', args: ['--rounds', '7'], goal: 'ratio ≤ 0.50' },
  { name: 'slider', figure: 3, file: 'slider.ts', args: ['--moves', '40'], goal: 'p95 < 50 ms' },
  { name: 'logs', figure: 4, file: 'logs.ts', args: ['--rate', '50000', '--seconds', '5'], goal: 'ratio ≥ 0.50' },
  { name: 'idle', figure: 5, file: 'idle.ts', args: ['--seconds', '60'], goal: '< 1% of a core' },
  { name: 'start', figure: 6, file: 'start.ts', args: ['--rounds', '5'], goal: '< 1500 ms' },
  { name: 'images', figure: 8, file: 'images.ts', args: ['--scale', '0.1'], goal: 'ratio ≤ 0.60 fresh, ≤ 0.35 down + up' },
];

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

async function runPart(part: Part, dir: string): Promise<BenchRow[]> {
  const rowsFile = join(dir, `${part.name}.json`);
  console.log(`\n=== figure ${part.figure}: npm run bench:${part.name} -- ${part.args.join(' ')}`);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(benchDir, part.file), ...part.args, '--rows-file', rowsFile], { stdio: 'inherit' });
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  if (code !== 0 || !existsSync(rowsFile)) return [missingRow(part.figure, `figure ${part.figure} (bench:${part.name})`, part.goal, `did not finish (exit code ${code}); see its output above`)];
  return JSON.parse(await readFile(rowsFile, 'utf8')) as BenchRow[];
}

function versionOf(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n')[0] ?? '';
  } catch {
    return 'not found';
  }
}

/** Replaces what stands between the results markers of BENCHMARKS.md. */
async function updateBenchmarksMd(table: string, facts: string): Promise<void> {
  const path = join(repoRoot, 'BENCHMARKS.md');
  if (!existsSync(path)) return;
  const text = await readFile(path, 'utf8');
  const start = '<!-- results:start -->';
  const end = '<!-- results:end -->';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return;
  await writeFile(path, `${text.slice(0, from + start.length)}\n${facts}\n\n\`\`\`text\n${table}\n\`\`\`\n${text.slice(to)}`);
}

async function main(): Promise<void> {
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt > 0 ? (process.argv[onlyAt + 1] ?? '').split(',') : undefined;
  const parts = only ? PARTS.filter((p) => only.includes(p.name)) : PARTS;
  if (parts.length === 0) throw new Error(`--only takes some of: ${PARTS.map((p) => p.name).join(', ')}`);
  const cli = join(repoRoot, 'out/cli/meshdeck.js');
  if (!existsSync(cli)) throw new Error('MeshDeck is not built: run `npm run build` first (npm run bench does).');
  const started = new Date();
  const loadBefore = loadavg();
  const dir = await mkdtemp(join(tmpdir(), 'meshdeck-bench-'));
  const rows: BenchRow[] = [];
  try {
    for (const part of parts) rows.push(...(await runPart(part, dir)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    freeMemoryGb: Math.round(freemem() / 1024 ** 3),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    kubectl: versionOf('kubectl', ['version', '--client']),
    chromium: versionOf(chromiumPath(), ['--version']),
    loadAverageBefore: loadBefore.map((l) => Number(l.toFixed(2))),
    loadAverageAfter: loadavg().map((l) => Number(l.toFixed(2))),
  };
  const finished = new Date();
  const result = {
    date: started.toISOString(),
    durationSeconds: Math.round((finished.getTime() - started.getTime()) / 1000),
    build: new Date(statSync(cli).mtimeMs).toISOString(),
    machine,
    rows,
  };
  await writeFile(join(benchDir, 'results.json'), `${JSON.stringify(result, null, 2)}\n`);
  const table = formatTable(rows);
  const facts = `Run of ${result.date} (${result.durationSeconds} s): ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.kubectl}, ${machine.chromium}; load average ${machine.loadAverageBefore.join(' ')} before, ${machine.loadAverageAfter.join(' ')} after.`;
  if (!only) await updateBenchmarksMd(table, facts);
  console.log(`\n${facts}\n\n${table}\n\nWrote bench/results.json${only ? '' : ' and the table in BENCHMARKS.md'}.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
