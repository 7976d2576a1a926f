// Workshop run-all timings:  npm run build && npm run bench:workshop [-- --pack ID|DIR]
// The built CLI's `meshdeck workshop run-all --json` (reset, check fails, solve, check passes,
// per lesson) against a world lab in its own process, as an author's CI runs it. Prints the
// seconds of each lesson and the total as a Markdown table for BENCHMARKS.md.
import { spawn } from 'node:child_process';
import { cliPath } from '../test/support/built-cli';
import { startMirror } from '../test/world/mirror/index.js';
import { startLabProcess } from './lab-process';

interface Outcome {
  pack: string;
  passed: boolean;
  lessons: { lesson: string; seconds: number; problem?: string }[];
}

function runAll(pack: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, 'workshop', 'run-all', '--pack', pack, '--json'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout }));
  });
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--pack');
  const pack = at === -1 ? 'istio-in-practice' : (process.argv[at + 1] ?? 'istio-in-practice');
  const lab = await startLabProcess();
  // `sample:` objects come from the lab's Istio release; a lab made without `up` gets it from the world's mirror.
  const mirror = await startMirror();
  try {
    const started = performance.now();
    const { code, stdout } = await runAll(pack, { ...lab.env, MESHDECK_MIRROR: mirror.url });
    const wall = (performance.now() - started) / 1000;
    const outcome = JSON.parse(stdout) as Outcome;
    const lines = ['| lesson | seconds |', '|---|---:|', ...outcome.lessons.map((l) => `| ${l.lesson}${l.problem ? ` (broken: ${l.problem})` : ''} | ${l.seconds.toFixed(1)} |`)];
    const sum = outcome.lessons.reduce((total, l) => total + l.seconds, 0);
    lines.push(`| **all ${outcome.lessons.length}** | **${sum.toFixed(1)}** |`, '', `run-all of ${outcome.pack}: exit ${code}, ${wall.toFixed(1)} s wall clock with the CLI's start.`);
    console.log(lines.join('\n'));
    process.exitCode = code ?? 1;
  } finally {
    await mirror.stop();
    await lab.stop();
  }
}

void main();
