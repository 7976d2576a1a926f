// `meshdeck traffic --observe SERVICE`: the split the mesh itself reports for any service with
// versions (traffic.observe: Istio's istio_requests_total in the lab's Prometheus, read through
// the API server), as a table of version, share and requests per second, or as JSON. It sends
// no traffic: it reads whatever reached the service, from the generator or anyone else.
import { AppError, MAX_OBSERVE_WINDOW_SECONDS, type Client, type ObservedSplitInfo } from '../contract';
import { describeNoTraffic, describeWindow, parsePromDuration } from '../traffic';
import type { CliContext } from './cli-context';
import { EXIT_OK, unlessInterrupted } from './exit-codes';
import { checkParams } from './flag-names';
import { writeJson } from './json-output';

export interface ObserveFlags {
  observe: string;
  namespace?: string;
  window?: string;
  json?: boolean;
}

function usage(message: string): AppError {
  return new AppError('INVALID_ARGUMENT', `${message}. Run meshdeck traffic --help to see its options.`, { flag: '--window' });
}

/** `--window` as whole seconds: a Prometheus duration such as 30s, 5m, 1h or 1m30s. */
export function parseWindowFlag(text: string): number {
  if (text === '') throw usage('--window is empty: give a duration such as 60s, 5m or 1h');
  const seconds = parsePromDuration(text);
  if (seconds === null) throw usage(`--window must be a duration with a unit, such as 60s, 5m, 1h or 1m30s, got "${text}"`);
  if (seconds < 1 || !Number.isInteger(seconds)) throw usage(`--window must be at least 1s and whole seconds, got "${text}"`);
  if (seconds > MAX_OBSERVE_WINDOW_SECONDS) throw usage(`--window must be at most 24h, got "${text}"`);
  return seconds;
}

/** The command's request, checked by the contract with refusals said in this command's flags. */
export function observeRequest(flags: ObserveFlags): { service: string; namespace?: string; windowSeconds?: number } {
  const request = {
    service: flags.observe,
    ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}),
    ...(flags.window !== undefined ? { windowSeconds: parseWindowFlag(flags.window) } : {}),
  };
  checkParams('traffic.observe', request, { service: '--observe' });
  return request;
}

const rate = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));

/** VERSION, SHARE and REQ/S of an observed split, or in words why there is none. */
export function formatObservedSplit(split: ObservedSplitInfo): string {
  const where = `${split.service}.${split.namespace}`;
  const scrape = split.scrapeIntervalSeconds !== null ? ` Prometheus scrapes every ${split.scrapeIntervalSeconds} s.` : '';
  if (split.versions.length === 0) return `${describeNoTraffic(split.service, split.namespace, split.windowSeconds, split.scrapeIntervalSeconds)}\nquery: ${split.query}`;
  const rows = split.versions.map((v) => `  ${v.version.padEnd(10)} ${`${v.share.toFixed(1)}%`.padStart(6)}  ${rate(v.rps).padStart(8)}`);
  return [
    `Requests to ${where} in ${describeWindow(split.windowSeconds)}, as its sidecars report them (reporter=${split.reporter}):`,
    `  ${'VERSION'.padEnd(10)} ${'SHARE'.padStart(6)}  ${'REQ/S'.padStart(8)}`,
    ...rows,
    `total ${rate(split.totalRps)} req/s.${scrape}`,
    `query: ${split.query}`,
  ].join('\n');
}

/** Reads the split once and prints it; an empty split is an answer (exit 0), not a failure. */
export async function observeCommand(flags: ObserveFlags, client: Client, cli: CliContext): Promise<number> {
  const split = await unlessInterrupted(client.call('traffic.observe', observeRequest(flags)), cli.signal);
  if (flags.json) writeJson(cli.out, split);
  else cli.out.write(`${formatObservedSplit(split)}\n`);
  return EXIT_OK;
}
