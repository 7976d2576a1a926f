// `meshdeck shift`: traffic shifting from a terminal, through the core's contract
// (traffic.services / preview / apply). This file parses flags and prints; every rule (weights
// sum to 100, known versions, ownership) lives in the core.
import { AppError, type Client, type TrafficApplyInfo, type TrafficServiceInfo, type WeightInfo } from '../contract';
import { BOOKINFO_NAMESPACE } from '../lab';
import { parseShiftArgs } from '../traffic';
import type { CliContext, Command } from './cli-context';
import { formatTable } from './cli-table';
import { EXIT_OK, unlessInterrupted } from './exit-codes';
import { checkParams } from './flag-names';
import { writeJson } from './json-output';
import { help } from './lab-commands';
import { parseFlags } from './parse-flags';

export interface ShiftFlags {
  namespace?: string;
  context?: string;
  'dry-run'?: boolean;
  output?: string;
  'take-over'?: boolean;
  'header-route'?: string;
  json?: boolean;
}

const LIST_ADVICE = 'Run `meshdeck shift` to list the services with versions';

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

/** SERVICE, VERSIONS, ROUTING and WEIGHTS of every service with versions in a namespace. */
export function formatServices(services: readonly TrafficServiceInfo[], namespace: string): string {
  if (services.length === 0) return `No services with versions in namespace ${namespace}.`;
  const rows = [['SERVICE', 'VERSIONS', 'ROUTING', 'WEIGHTS'], ...services.map((s) => [s.name, s.versions.map((v) => v.name).join(','), s.owner === 'none' ? '-' : s.owner, s.weights ? formatWeights(s.weights) : '-'])];
  return formatTable(rows);
}

function formatApplied(applied: TrafficApplyInfo): string {
  const objects = applied.objects.map((o) => `${o.kind} ${o.name} ${o.action}`).join(', ');
  return `${applied.service}: ${formatWeights(applied.weights)}\n${objects}; accepted by the API server at ${applied.acceptedAt}`;
}

/** The core's "no such service" with advice that a terminal user can follow. */
export function withListAdvice(error: unknown): unknown {
  if (!(error instanceof AppError) || error.code !== 'NOT_FOUND' || typeof error.details?.service !== 'string') return error;
  const namespace = typeof error.details.namespace === 'string' ? error.details.namespace : BOOKINFO_NAMESPACE;
  const flag = namespace === BOOKINFO_NAMESPACE ? '' : ` -n ${namespace}`;
  return new AppError('NOT_FOUND', `There is no service "${error.details.service}" in namespace ${namespace}. ${LIST_ADVICE}${flag ? ` (\`meshdeck shift${flag}\`)` : ''}.`, error.details);
}

async function showServices(service: string | undefined, flags: ShiftFlags, client: Client, cli: CliContext): Promise<number> {
  const namespace = flags.namespace ?? BOOKINFO_NAMESPACE;
  const services = await unlessInterrupted(client.call('traffic.services', flags.namespace !== undefined ? { namespace: flags.namespace } : {}), cli.signal);
  if (service === undefined) {
    if (flags.json) writeJson(cli.out, services);
    else cli.out.write(`${formatServices(services, namespace)}\n`);
    return EXIT_OK;
  }
  const found = services.find((s) => s.name === service);
  if (!found) throw new AppError('NOT_FOUND', `There is no service "${service}" with versions in namespace ${namespace}. Services there: ${services.map((s) => s.name).join(', ') || 'none'}.`, { service, namespace });
  if (flags.json) writeJson(cli.out, found);
  else cli.out.write(`${formatService(found)}\n`);
  return EXIT_OK;
}

/** `meshdeck shift [SERVICE [VERSION=WEIGHT ...]]`: without weights, shows the service (or all of them). */
export async function shiftCommand(positionals: string[], flags: ShiftFlags, client: Client, cli: CliContext): Promise<number> {
  const [service, ...words] = positionals;
  const output = flags.output ?? (flags.json ? 'json' : 'yaml');
  if (output !== 'yaml' && output !== 'json') throw new AppError('INVALID_ARGUMENT', `-o takes yaml or json (got "${output}").`);
  // SERVICE '' or -n '' are the contract's to refuse, before any listing.
  if (service !== undefined) checkParams('traffic.remove', { service, ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}) });
  if (words.length === 0) return showServices(service, flags, client, cli);
  const request = {
    service: service as string,
    ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}),
    weights: parseShiftArgs(words),
    ...(flags['header-route'] !== undefined ? { headerRoute: parseHeaderRoute(flags['header-route']) } : {}),
    ...(flags['take-over'] ? { takeOver: true } : {}),
  };
  try {
    if (flags['dry-run']) {
      const preview = await unlessInterrupted(client.call('traffic.preview', request), cli.signal);
      if (output === 'json') writeJson(cli.out, preview);
      else cli.out.write(preview.yaml.endsWith('\n') ? preview.yaml : `${preview.yaml}\n`);
      if (preview.owner === 'foreign') cli.err.write('Note: the live routing objects were not written by MeshDeck; applying needs --take-over.\n');
      return EXIT_OK;
    }
    const applied = await unlessInterrupted(client.call('traffic.apply', request), cli.signal);
    if (flags.json) writeJson(cli.out, applied);
    else cli.out.write(`${formatApplied(applied)}\n`);
    return EXIT_OK;
  } catch (error) {
    throw withListAdvice(error);
  }
}

const SHIFT_USAGE = `Usage: meshdeck shift [SERVICE [VERSION=WEIGHT ...]] [options]

Writes a DestinationRule (one subset per version) and a weighted VirtualService for SERVICE
(server-side apply, field manager meshdeck). Weights are whole numbers that sum to 100; versions
at 0 stay as subsets but leave the route. Without weights, shows the service's versions and
current routing; without a service, lists the services that have versions. Routing someone
else wrote is never replaced without --take-over.

Examples:
  meshdeck shift
  meshdeck shift reviews v1=80 v2=20
  meshdeck shift reviews v1=100 --header-route end-user=jason:v2
  meshdeck shift reviews v1=50 v3=50 --dry-run -o yaml > reviews.yaml

Options:
  -n, --namespace NS        the service's namespace (default: Bookinfo's, default)
  --header-route H=V:VER    also send requests whose header H equals V to version VER
  --dry-run                 print the objects instead of applying them
  -o, --output yaml|json    format for --dry-run (default yaml; json with --json)
  --take-over               replace a VirtualService/DestinationRule MeshDeck did not write
  --context NAME            the lab's context (default: the current lab, see \`meshdeck labs\`)
  --json                    print JSON: the list (services with "name", "versions", "owner",
                            "weights", …), the one service, the applied result ("service",
                            "weights", "objects", "acceptedAt") or the --dry-run preview`;

const SHIFT_FLAGS = {
  namespace: { type: 'string', short: 'n' },
  'header-route': { type: 'string' },
  'dry-run': { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  'take-over': { type: 'boolean' },
  context: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const shiftCommandLine: Command = {
  usage: SHIFT_USAGE,
  async run(args, cli) {
    const { values, positionals } = parseFlags(args, SHIFT_FLAGS, 'shift', true);
    if (values.help) return help(cli, SHIFT_USAGE);
    const { context } = values;
    return cli.session(context !== undefined ? { context } : {}, (client) => shiftCommand(positionals, values, client, cli));
  },
};
