// `meshdeck shift` and `meshdeck traffic`: traffic shifting and the traffic generator from a
// terminal, through the core's contract (traffic.services/preview/apply, traffic.start/stop with
// traffic:window and traffic:run events). This file parses flags and prints; every rule (weights
// sum to 100, known versions, ownership, rates) lives in the core.
import { AppError, type Client, type GeneratorRunInfo, type TrafficApplyInfo, type TrafficCountsInfo, type TrafficServiceInfo, type TrafficWindowInfo, type WeightInfo } from '../contract';
import { BOOKINFO_NAMESPACE } from '../lab';
import { parseShiftArgs } from '../traffic';

export interface Output {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

export interface ShiftFlags {
  namespace?: string;
  context?: string;
  'dry-run'?: boolean;
  output?: string;
  'take-over'?: boolean;
  'header-route'?: string;
}

/** `end-user=jason:v2` → header end-user equal to jason goes to v2. */
export function parseHeaderRoute(text: string): { header: string; value: string; version: string } {
  const match = /^([A-Za-z0-9][-A-Za-z0-9_.]*)=([^:\s]+):([a-z0-9][-a-z0-9.]*)$/.exec(text);
  if (!match) throw new AppError('INVALID_ARGUMENT', `--header-route must look like HEADER=VALUE:VERSION, e.g. end-user=jason:v2 (got "${text}").`);
  return { header: (match[1] as string).toLowerCase(), value: match[2] as string, version: match[3] as string };
}

export function formatWeights(weights: readonly WeightInfo[]): string {
  return weights.map((w) => `${w.version} ${w.weight}%`).join(' · ');
}

function formatService(service: TrafficServiceInfo): string {
  const lines = [`${service.name} (${service.namespace}) — host ${service.host}`];
  lines.push(`  versions: ${service.versions.map((v) => `${v.name} (${v.ready}/${v.pods} ready)`).join(', ')}`);
  const owner = service.owner === 'none' ? 'no VirtualService or DestinationRule: requests are spread over all versions' : service.owner === 'meshdeck' ? 'written by MeshDeck' : `written by someone else (${service.objects.map((o) => `${o.kind} ${o.name}: ${o.managers.join(', ') || 'unknown'}`).join('; ')}) — use --take-over to replace`;
  lines.push(`  routing: ${owner}`);
  if (service.weights) lines.push(`  weights: ${formatWeights(service.weights)}`);
  if (service.headerRoute) lines.push(`  header rule: ${service.headerRoute.header}: ${service.headerRoute.value} → ${service.headerRoute.version}`);
  return lines.join('\n');
}

function formatApplied(applied: TrafficApplyInfo): string {
  const objects = applied.objects.map((o) => `${o.kind} ${o.name} ${o.action}`).join(', ');
  return `${applied.service}: ${formatWeights(applied.weights)}\n${objects}; accepted by the API server at ${applied.acceptedAt}`;
}

/** `meshdeck shift SERVICE [VERSION=WEIGHT ...]`: with no weights, shows the service's versions and routing. */
export async function shiftCommand(positionals: string[], flags: ShiftFlags, io: Output, client: Client): Promise<number> {
  const [service, ...words] = positionals;
  if (!service) throw new AppError('INVALID_ARGUMENT', 'Name the service to shift, e.g. `meshdeck shift reviews v1=80 v2=20`.');
  const output = flags.output ?? 'yaml';
  if (output !== 'yaml' && output !== 'json') throw new AppError('INVALID_ARGUMENT', `-o takes yaml or json (got "${output}").`);
  if (words.length === 0) {
    const services = await client.call('traffic.services', flags.namespace ? { namespace: flags.namespace } : {});
    const found = services.find((s) => s.name === service);
    if (!found) throw new AppError('NOT_FOUND', `There is no service "${service}" with versions in namespace ${flags.namespace ?? BOOKINFO_NAMESPACE}. Services there: ${services.map((s) => s.name).join(', ') || 'none'}.`);
    io.out.write(`${formatService(found)}\n`);
    return 0;
  }
  const request = {
    service,
    ...(flags.namespace ? { namespace: flags.namespace } : {}),
    weights: parseShiftArgs(words),
    ...(flags['header-route'] ? { headerRoute: parseHeaderRoute(flags['header-route']) } : {}),
    ...(flags['take-over'] ? { takeOver: true } : {}),
  };
  if (flags['dry-run']) {
    const preview = await client.call('traffic.preview', request);
    if (output === 'json') io.out.write(`${JSON.stringify(preview, null, 2)}\n`);
    else io.out.write(preview.yaml.endsWith('\n') ? preview.yaml : `${preview.yaml}\n`);
    if (preview.owner === 'foreign') io.err.write('Note: the live routing objects were not written by MeshDeck; applying needs --take-over.\n');
    return 0;
  }
  const applied = await client.call('traffic.apply', request);
  io.out.write(`${formatApplied(applied)}\n`);
  return 0;
}

export interface TrafficFlags {
  rps?: string;
  duration?: string;
  user?: string;
  json?: boolean;
  context?: string;
}

function wholeNumber(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number)) throw new AppError('INVALID_ARGUMENT', `${flag} must be a whole number, got "${value}".`);
  return number;
}

function share(counts: TrafficCountsInfo, version: string): string {
  const answered = Object.values(counts.byVersion).reduce((a, b) => a + b, 0);
  return answered === 0 ? '—' : `${(((counts.byVersion[version] ?? 0) / answered) * 100).toFixed(1)}%`;
}

const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;

export function formatTrafficSummary(totals: TrafficCountsInfo, seconds: number): string {
  const versions = Object.keys(totals.byVersion).filter((v) => (totals.byVersion[v] ?? 0) > 0).sort();
  const rows = versions.map((v) => `  ${v.padEnd(8)} ${String(totals.byVersion[v] ?? 0).padStart(7)}  ${share(totals, v).padStart(6)}`);
  const errors = Object.entries(totals.errorCodes).map(([code, n]) => `${code} ×${n}`).join(', ');
  return [
    `${totals.requests} requests in ${seconds} s — observed reviews split:`,
    ...rows,
    `errors: ${totals.errors}${errors ? ` (${errors})` : ''}`,
    `latency: p50 ${ms(totals.latencyMs.p50)} · p90 ${ms(totals.latencyMs.p90)} · p99 ${ms(totals.latencyMs.p99)}`,
  ].join('\n');
}

/** A run's windows go to `onWindow` until its end; subscribed before `start`, so nothing is missed. */
async function followRun(client: Client, start: () => Promise<GeneratorRunInfo>, onWindow: (window: TrafficWindowInfo) => void, interrupt: AbortSignal): Promise<{ started: GeneratorRunInfo; ended: Promise<GeneratorRunInfo> }> {
  let runId: string | undefined;
  const early: GeneratorRunInfo[] = [];
  let settle: (run: GeneratorRunInfo) => void = () => undefined;
  const ended = new Promise<GeneratorRunInfo>((resolve) => (settle = resolve));
  const handleRun = (run: GeneratorRunInfo): void => {
    if (run.runId === runId && run.state !== 'running') settle(run);
  };
  const offWindow = client.on('traffic:window', (window) => {
    if (window.runId === runId) onWindow(window);
  });
  const offRun = client.on('traffic:run', (run) => (runId === undefined ? early.push(run) : handleRun(run)));
  const stop = (): void => void client.call('traffic.stop', { runId: runId as string }).catch(() => undefined);
  try {
    const started = await start();
    runId = started.runId;
    for (const run of early.splice(0)) handleRun(run);
    if (interrupt.aborted) stop();
    interrupt.addEventListener('abort', stop, { once: true });
    return {
      started,
      ended: ended.finally(() => {
        interrupt.removeEventListener('abort', stop);
        offWindow();
        offRun();
      }),
    };
  } catch (error) {
    offWindow();
    offRun();
    throw error;
  }
}

/** `meshdeck traffic`: sends requests to Bookinfo through the gateway and prints the split they took. */
export async function trafficCommand(flags: TrafficFlags, io: Output, client: Client, interrupt: AbortSignal): Promise<number> {
  const rps = wholeNumber(flags.rps, '--rps', 5);
  const durationSeconds = wholeNumber(flags.duration, '--duration', 10);
  const live = !flags.json && (io.err as NodeJS.WriteStream).isTTY === true;
  const showWindow = (window: TrafficWindowInfo): void => {
    if (!live) return;
    const t = window.totals;
    io.err.write(`\r${t.requests} requests · ${Object.keys(t.byVersion).filter((v) => (t.byVersion[v] ?? 0) > 0).sort().map((v) => `${v} ${share(t, v)}`).join(' · ')} · errors ${t.errors} · p99 ${ms(t.latencyMs.p99)}   `);
  };
  const { started, ended } = await followRun(client, () => client.call('traffic.start', { rps, durationSeconds, ...(flags.user !== undefined ? { endUser: flags.user } : {}) }), showWindow, interrupt);
  io.err.write(`Sending ${rps} requests/s to ${started.url} for ${durationSeconds} s (they also fill Kiali's graph). Ctrl+C stops.\n`);
  const run = await ended;
  if (run.state === 'failed') throw new AppError('COMMAND_FAILED', `The traffic run failed: ${run.error ?? 'no reason given'}.`);
  const totals = run.totals;
  if (live) io.err.write('\n');
  io.out.write(flags.json ? `${JSON.stringify({ url: started.url, rps, durationSeconds, totals }, null, 2)}\n` : `${formatTrafficSummary(totals, durationSeconds)}\n`);
  return totals.requests > 0 && totals.errors === totals.requests ? 1 : 0;
}
