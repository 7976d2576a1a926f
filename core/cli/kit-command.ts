// `meshdeck kit export|import|inspect`: the offline kit from a terminal. Export and import are
// core tasks followed to their end (Ctrl+C cancels them in the core); inspect reads the kit's
// manifest in place, loading nothing. Progress goes out as lines, one per phase and per 10 %.

import { AppError, type KitManifestInfo, type TaskInfo } from '../contract';
import { openKit } from '../kit';
import type { CliContext, Command, OutStream } from './cli-context';
import { EXIT_OK } from './exit-codes';
import { followTask } from './follow-task';
import { taskOutcome, writeJson } from './json-output';
import { taskError, taskExitCode, help } from './lab-commands';
import { parseFlags } from './parse-flags';

const KIT_USAGE = `Usage: meshdeck kit export FILE [--force] [--json]
       meshdeck kit import FILE [--json]
       meshdeck kit inspect FILE [--json]

An offline kit is one file with everything \`meshdeck up\` downloads or pulls: kind, the Istio
release and the Gateway API CRDs, and every container image the lab runs, each with its SHA-256.
Make it where there is network, copy it over, import it, then run \`meshdeck up --offline\`.

  export FILE   write the kit (downloads missing tools and pulls missing images first);
                refuses to replace FILE unless --force
  import FILE   verify every part of the kit, then load the images into Docker and the tools
                into MeshDeck's cache (a damaged or incomplete kit is refused, nothing loaded)
  inspect FILE  show what the kit holds, without verifying digests or loading anything
  --json        print the outcome (or the manifest) as JSON

Exit codes: 0 done, 1 failed, 2 bad command line, 130 cancelled.`;

const FLAGS = { force: { type: 'boolean' }, json: { type: 'boolean' } } as const;

export const kitCommand: Command = {
  usage: KIT_USAGE,
  async run(args, cli) {
    const { values, positionals } = parseFlags(args, FLAGS, 'kit', true);
    if (values.help) return help(cli, KIT_USAGE);
    const [action, file, ...extra] = positionals;
    if (action !== 'export' && action !== 'import' && action !== 'inspect') {
      throw new AppError('INVALID_ARGUMENT', `${action === undefined ? 'kit needs an action' : `kit has no action "${action}"`}: export, import or inspect. Run meshdeck kit --help.`);
    }
    if (file === undefined || file === '') throw new AppError('INVALID_ARGUMENT', `kit ${action} needs a FILE, e.g. meshdeck kit ${action} ./istio-lab.kit`);
    if (extra.length > 0) throw new AppError('INVALID_ARGUMENT', `kit ${action} takes one FILE; also got ${extra.join(' ')}.`);
    if (values.force && action !== 'export') throw new AppError('INVALID_ARGUMENT', `--force is for kit export (replace an existing file); kit ${action} does not take it.`);
    const json = values.json === true;
    if (action === 'inspect') return inspect(file, json, cli);
    return cli.session({}, async (client) => {
      const lines = progressLines(json ? cli.err : cli.out);
      const start = () => (action === 'export' ? client.call('kit.export', { path: file, ...(values.force ? { overwrite: true } : {}) }) : client.call('kit.import', { path: file }));
      const ended = await followTask(client, start, { onUpdate: lines, interrupt: cli.signal });
      report(ended, action, json, cli);
      return taskExitCode(ended);
    });
  },
};

async function inspect(file: string, json: boolean, cli: CliContext): Promise<number> {
  const { manifest } = await openKit(file);
  if (json) writeJson(cli.out, manifest);
  else cli.out.write(formatManifest(file, manifest));
  return EXIT_OK;
}

export function formatManifest(file: string, manifest: KitManifestInfo): string {
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  const total = manifest.parts.reduce((sum, part) => sum + part.bytes, 0);
  const rows = manifest.parts.map((part) => `  ${part.kind.padEnd(16)} ${mb(part.bytes).padStart(9)} MB  ${part.name}`);
  return [
    `${file}: ${manifest.format}, made ${manifest.createdAt} by MeshDeck ${manifest.meshdeckVersion}`,
    `  for ${manifest.platform}; kind ${manifest.kindVersion}, Istio ${manifest.istioVersion}; ${manifest.parts.length} parts, ${mb(total)} MB`,
    ...rows,
    '',
  ].join('\n');
}

/** One line per phase of the task and per 10 % within it, so a log shows steady progress. */
function progressLines(out: OutStream): (task: TaskInfo) => void {
  let phase = '';
  let decile = -1;
  return (task) => {
    if (task.state !== 'running') return;
    const current = task.step.split(':')[0] ?? task.step;
    const tenth = task.percent === null ? -1 : Math.floor(task.percent / 10);
    if (current === phase && tenth === decile) return;
    phase = current;
    decile = tenth;
    out.write(`${task.percent !== null ? `[${String(task.percent).padStart(3)}%] ` : ''}${task.step}\n`);
  };
}

function report(ended: TaskInfo, action: 'export' | 'import', json: boolean, cli: CliContext): void {
  const error = taskError(ended);
  const result = ended.result?.kind === 'kit-export' || ended.result?.kind === 'kit-import' ? ended.result : undefined;
  if (json) {
    writeJson(cli.out, { ...taskOutcome(ended), ...(error ? { error } : {}), ...(result ? { result } : {}) });
    return;
  }
  if (ended.state === 'cancelled') cli.err.write(`Cancelled: nothing half-${action === 'export' ? 'written was kept' : 'imported is used'}. Run the same command again to start over.\n`);
  else if (error) cli.err.write(`meshdeck: ${error.message}\n`);
  else if (result?.kind === 'kit-export') cli.out.write(`Wrote ${result.path}: ${result.manifest.parts.length} parts. Copy it to the offline machine and run meshdeck kit import FILE there.\n`);
  else if (result?.kind === 'kit-import') {
    cli.out.write(`Imported ${result.path}: ${result.loadedImages.length} image${result.loadedImages.length === 1 ? '' : 's'} loaded into Docker, tools in MeshDeck's cache. Now run meshdeck up --offline.\n`);
  }
}
