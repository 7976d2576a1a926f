// `meshdeck route|fault|timeout|retry|breaker|tls`: a service's policies from a terminal,
// through the core's contract (policies.show / preview / apply). This file reads the words — every
// one checked with core/policies' parsers, so bad input is refused (exit 2) before the cluster is
// asked — and prints; composing with the live objects and ownership live in the core.
import { AppError, type Client, type PolicyApplyInfo, type PolicyChangeInfo } from '../contract';
import { changeOf, MATCH_SYNTAX, parseCount, parseDuration, parseHttpStatus, parsePercent, parseRetryOn } from '../policies';
import { parseShiftArgs } from '../traffic/shift-args';
import type { CliContext, Command } from './cli-context';
import { EXIT_OK, unlessInterrupted } from './exit-codes';
import { checkParams } from './flag-names';
import { writeJson } from './json-output';
import { help } from './lab-commands';
import { parseFlags, type FlagSpec } from './parse-flags';
import { withListAdvice } from './shift-command';

export const COMMON_FLAGS = {
  namespace: { type: 'string', short: 'n' },
  context: { type: 'string' },
  'dry-run': { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  'take-over': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

export const COMMON_HELP = `  -n, --namespace NS        the namespace (default: Bookinfo's, default)
  --dry-run                 print the objects instead of applying them
  -o, --output yaml|json    format for --dry-run (default yaml; json with --json)
  --take-over               replace objects MeshDeck did not write
  --context NAME            the lab's context (default: the current lab, see \`meshdeck labs\`)
  --json                    print JSON (the applied result, the preview or the refusal)`;

const MATCH_HELP = `--match COND              only requests that match: ${MATCH_SYNTAX};
                            parts joined by "," must all hold (header:end-user=jason,method:GET)`;

type Values = Record<string, string | boolean | undefined>;

export interface PolicyWords {
  service: string;
  namespace?: string;
  change: PolicyChangeInfo;
  takeOver?: boolean;
}

interface PolicyCommandSpec {
  name: string;
  usage: string;
  flags: FlagSpec;
  /** How many words after SERVICE the command takes. */
  extra: number;
  change(words: string[], values: Values): PolicyChangeInfo;
}

function usageError(message: string, command: string): AppError {
  return new AppError('INVALID_ARGUMENT', `${message} Run meshdeck ${command} --help to see its options.`);
}

const str = (values: Values, key: string): string | undefined => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
const opt = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));

const ROUTE: PolicyCommandSpec = {
  name: 'route',
  extra: 0,
  flags: { match: { type: 'string' }, to: { type: 'string' }, otherwise: { type: 'string' } },
  usage: `Usage: meshdeck route SERVICE --match COND --to VERSION|V=W,… [--otherwise VERSION] [options]

Sends the requests that match to one version, in the service's VirtualService (the same one the
traffic split is written into: the split stays the default route). A rule with the same match is
changed in place; a new one goes before the default route. --otherwise sets the default route.

Examples:
  meshdeck route reviews --match header:end-user=jason --to v2 --otherwise v1
  meshdeck route reviews --match uri:/api/* --to v3 --dry-run -o yaml
  meshdeck route reviews --match header:x-canary=yes --to v2=50,v3=50

Options:
  ${MATCH_HELP}
  --to VERSION              where matching requests go (or a split: v2=50,v3=50, summing to 100)
  --otherwise VERSION       where every other request goes (the default route)
${COMMON_HELP}`,
  change(_words, values) {
    if (str(values, 'match') === undefined || str(values, 'to') === undefined) throw usageError('route needs --match COND and --to VERSION, e.g. meshdeck route reviews --match header:end-user=jason --to v2.', 'route');
    const to = str(values, 'to') as string;
    // VERSION, or a weighted split in `meshdeck shift`'s words (v1=50,v3=50).
    const target = to.includes('=') ? { toWeights: parseShiftArgs([to]) } : { to };
    return { kind: 'route', match: str(values, 'match') as string, ...target, ...opt('otherwise', str(values, 'otherwise')) };
  },
};

const FAULT: PolicyCommandSpec = {
  name: 'fault',
  extra: 0,
  flags: { delay: { type: 'string' }, abort: { type: 'string' }, percent: { type: 'string' }, match: { type: 'string' } },
  usage: `Usage: meshdeck fault SERVICE (--delay DURATION | --abort STATUS) [--percent P] [--match COND] [options]

Injects a fault into the service's requests (Envoy's fault filter, before they reach it): a fixed
delay, or an abort with an HTTP status, for a percentage of requests. With --match the fault is on
that rule (created before the default route and routed like it); without, on the default route.
Clear it with \`meshdeck policies SERVICE --clear fault\`; the traffic split is kept.

Examples:
  meshdeck fault ratings --delay 7s --match header:end-user=jason
  meshdeck fault ratings --abort 500 --percent 50 --match header:end-user=jason

Options:
  --delay DURATION          an Istio duration: 7s, 0.5s, 100ms, 1m
  --abort STATUS            an HTTP status from 200 to 599, such as 500
  --percent P               of requests, 0 to 100 (decimals allowed; default 100)
  ${MATCH_HELP}
${COMMON_HELP}`,
  change(_words, values) {
    const delay = str(values, 'delay');
    const abort = str(values, 'abort');
    if (delay === undefined && abort === undefined) throw usageError('fault needs --delay DURATION or --abort STATUS, e.g. --delay 7s or --abort 500.', 'fault');
    return {
      kind: 'fault',
      ...opt('match', str(values, 'match')),
      ...opt('delay', delay === undefined ? undefined : parseDuration(delay, '--delay')),
      ...opt('abort', abort === undefined ? undefined : parseHttpStatus(abort)),
      ...opt('percent', str(values, 'percent') === undefined ? undefined : parsePercent(str(values, 'percent') as string)),
    };
  },
};

const TIMEOUT: PolicyCommandSpec = {
  name: 'timeout',
  extra: 1,
  flags: { match: { type: 'string' } },
  usage: `Usage: meshdeck timeout SERVICE DURATION [--match COND] [options]

Gives up on a request to the service after DURATION (Envoy answers 504). Without --match, on the
default route. Clear it with \`meshdeck policies SERVICE --clear timeout\`.

Examples:
  meshdeck timeout reviews 0.5s
  meshdeck timeout reviews 2s --match header:end-user=jason

Options:
  ${MATCH_HELP}
${COMMON_HELP}`,
  change(words, values) {
    return { kind: 'timeout', ...opt('match', str(values, 'match')), timeout: parseDuration(words[0] as string, 'The timeout') };
  },
};

const RETRY: PolicyCommandSpec = {
  name: 'retry',
  extra: 0,
  flags: { attempts: { type: 'string' }, 'per-try': { type: 'string' }, on: { type: 'string' }, match: { type: 'string' } },
  usage: `Usage: meshdeck retry SERVICE --attempts N [--per-try DURATION] [--on CONDITIONS] [--match COND] [options]

Retries failed requests to the service. Clear with \`meshdeck policies SERVICE --clear retry\`.

Examples:
  meshdeck retry ratings --attempts 3 --per-try 2s
  meshdeck retry ratings --attempts 2 --on 5xx,reset,connect-failure

Options:
  --attempts N              retries allowed (0 turns them off)
  --per-try DURATION        timeout of each attempt (7s, 0.5s, 100ms)
  --on CONDITIONS           Envoy's retry conditions, comma-separated: 5xx, gateway-error, reset,
                            connect-failure, retriable-4xx, refused-stream, retriable-status-codes,
                            retriable-headers, envoy-ratelimited, cancelled, deadline-exceeded,
                            internal, resource-exhausted, unavailable (or an HTTP status)
  ${MATCH_HELP}
${COMMON_HELP}`,
  change(_words, values) {
    const attempts = str(values, 'attempts');
    if (attempts === undefined) throw usageError('retry needs --attempts N, e.g. meshdeck retry ratings --attempts 3 --per-try 2s.', 'retry');
    const perTry = str(values, 'per-try');
    const on = str(values, 'on');
    return {
      kind: 'retry',
      ...opt('match', str(values, 'match')),
      attempts: parseCount(attempts, '--attempts', 0, 100),
      ...opt('perTryTimeout', perTry === undefined ? undefined : parseDuration(perTry, '--per-try')),
      ...opt('retryOn', on === undefined ? undefined : parseRetryOn(on)),
    };
  },
};

const BREAKER_FLAGS: Record<string, { field: keyof PolicyChangeInfo; kind: 'count' | 'duration' | 'percent' }> = {
  'max-connections': { field: 'maxConnections', kind: 'count' },
  'max-pending': { field: 'http1MaxPendingRequests', kind: 'count' },
  'max-requests-per-connection': { field: 'maxRequestsPerConnection', kind: 'count' },
  'consecutive-5xx': { field: 'consecutive5xxErrors', kind: 'count' },
  interval: { field: 'interval', kind: 'duration' },
  ejection: { field: 'baseEjectionTime', kind: 'duration' },
  'max-ejection': { field: 'maxEjectionPercent', kind: 'percent' },
};

const BREAKER: PolicyCommandSpec = {
  name: 'breaker',
  extra: 0,
  flags: Object.fromEntries(Object.keys(BREAKER_FLAGS).map((flag) => [flag, { type: 'string' }])) as FlagSpec,
  usage: `Usage: meshdeck breaker SERVICE [settings] [options]

Sets the circuit breaker in the service's DestinationRule (trafficPolicy): the connection pool
(overflow is answered 503 by Envoy) and outlier detection (a pod returning 5xx is ejected).
Settings not given are kept. Clear with \`meshdeck policies SERVICE --clear breaker\`.

Example (the circuit-breaking task):
  meshdeck breaker reviews --max-connections 1 --max-pending 1 --max-requests-per-connection 1 \\
    --consecutive-5xx 1 --interval 1s --ejection 3m --max-ejection 100

Settings:
  --max-connections N                connectionPool.tcp.maxConnections
  --max-pending N                    connectionPool.http.http1MaxPendingRequests
  --max-requests-per-connection N    connectionPool.http.maxRequestsPerConnection
  --consecutive-5xx N                outlierDetection.consecutive5xxErrors
  --interval DURATION                outlierDetection.interval (1s)
  --ejection DURATION                outlierDetection.baseEjectionTime (3m)
  --max-ejection P                   outlierDetection.maxEjectionPercent (0 to 100)
Options:
${COMMON_HELP}`,
  change(_words, values) {
    const change: Record<string, unknown> = { kind: 'breaker' };
    for (const [flag, { field, kind }] of Object.entries(BREAKER_FLAGS)) {
      const text = str(values, flag);
      if (text === undefined) continue;
      change[field] = kind === 'duration' ? parseDuration(text, `--${flag}`) : parseCount(text, `--${flag}`, 0, kind === 'percent' ? 100 : undefined);
    }
    if (Object.keys(change).length === 1) throw usageError('breaker needs at least one setting, e.g. --max-connections 1 --consecutive-5xx 1.', 'breaker');
    return change as PolicyChangeInfo;
  },
};

const TLS: PolicyCommandSpec = {
  name: 'tls',
  extra: 1,
  flags: {},
  usage: `Usage: meshdeck tls SERVICE istio-mutual|disable|simple|mutual [options]

Sets trafficPolicy.tls.mode in the service's DestinationRule: istio-mutual makes its clients use
Istio's mTLS (what a namespace in STRICT mode needs when the rule would otherwise turn it off).

Options:
${COMMON_HELP}`,
  change(words) {
    const mode = (words[0] as string).toUpperCase().replace(/-/g, '_');
    if (!['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'].includes(mode)) throw usageError(`"${words[0] as string}" is not a TLS mode: type istio-mutual, disable, simple or mutual.`, 'tls');
    return { kind: 'tls', tls: mode as NonNullable<PolicyChangeInfo['tls']> };
  },
};

// The contract's change fields as the flags that set them, for the contract's own refusals.
const FLAG_OF_CHANGE: Record<string, string> = {
  match: '--match', to: '--to', toWeights: '--to', otherwise: '--otherwise', delay: '--delay', abort: '--abort', percent: '--percent', timeout: 'DURATION',
  attempts: '--attempts', perTryTimeout: '--per-try', retryOn: '--on', maxConnections: '--max-connections', http1MaxPendingRequests: '--max-pending',
  maxRequestsPerConnection: '--max-requests-per-connection', consecutive5xxErrors: '--consecutive-5xx', interval: '--interval', baseEjectionTime: '--ejection',
  maxEjectionPercent: '--max-ejection', tls: 'MODE', clear: '--clear', mode: 'MODE', workload: 'TARGET', action: 'ACTION', from: '--from', methods: '--methods', paths: '--paths',
};

/** checkParams for a policy or security request, a refused `change.FIELD` said as its flag. */
export function checkPolicyParams(method: 'policies.preview' | 'policies.apply' | 'security.preview', request: object): void {
  try {
    checkParams(method, request);
  } catch (error) {
    const path = error instanceof AppError ? error.details?.['path'] : undefined;
    const field = typeof path === 'string' ? /^change\.([A-Za-z0-9]+)/.exec(path)?.[1] : undefined;
    const flag = field ? FLAG_OF_CHANGE[field] : undefined;
    if (!flag || !(error instanceof AppError)) throw error;
    throw new AppError('INVALID_ARGUMENT', `${flag}: expected ${String(error.details?.['expected'] ?? 'another value')}.`, { ...error.details, flag });
  }
}

/** The command's words as a request, every word checked (INVALID_ARGUMENT, exit 2, before anything is asked). */
export function policyWords(spec: PolicyCommandSpec, positionals: string[], values: Values): PolicyWords {
  const [service, ...words] = positionals;
  if (service === undefined) throw usageError(`${spec.name} needs a SERVICE.`, spec.name);
  if (words.length !== spec.extra) throw usageError(words.length > spec.extra ? `unexpected argument "${words[spec.extra] as string}".` : `${spec.name} needs ${spec.extra} more word(s) after the service.`, spec.name);
  const change = spec.change(words, values);
  const request: PolicyWords = { service, ...opt('namespace', str(values, 'namespace')), change, ...(values['take-over'] === true ? { takeOver: true } : {}) };
  checkPolicyParams('policies.preview', request);
  changeOf(change); // the core's own reading of the words, so a refusal comes before any call
  return request;
}

export function formatApplied(applied: PolicyApplyInfo): string {
  if (applied.objects.length === 0) return 'Nothing to change: MeshDeck has no such object there.';
  const objects = applied.objects.map((o) => `${o.kind} ${o.namespace}/${o.name} ${o.action}`).join(', ');
  return `${objects}; accepted by the API server at ${applied.acceptedAt}`;
}

/** Prints a preview (dry run) or applies; the JSON/YAML choice is the same for every policy command. */
export async function previewOrApply(kind: 'policies' | 'security', request: object, values: Values, client: Client, cli: CliContext): Promise<number> {
  const output = str(values, 'output') ?? (values['json'] === true ? 'json' : 'yaml');
  if (output !== 'yaml' && output !== 'json') throw new AppError('INVALID_ARGUMENT', `-o takes yaml or json (got "${output}").`);
  try {
    if (values['dry-run'] === true) {
      const preview = await unlessInterrupted(client.call(`${kind}.preview`, request as never), cli.signal);
      if (output === 'json') writeJson(cli.out, preview);
      else cli.out.write(preview.yaml.endsWith('\n') ? preview.yaml : `${preview.yaml}\n`);
      if (preview.owner === 'foreign') cli.err.write('Note: the live objects were not written by MeshDeck; applying needs --take-over.\n');
      for (const warning of preview.warnings ?? []) cli.err.write(`Warning: ${warning}\n`);
      return EXIT_OK;
    }
    const applied = await unlessInterrupted(client.call(`${kind}.apply`, request as never), cli.signal);
    if (values['json'] === true) writeJson(cli.out, applied);
    else cli.out.write(`${formatApplied(applied)}\n`);
    for (const warning of values['json'] === true ? [] : (applied.warnings ?? [])) cli.err.write(`Warning: ${warning}\n`);
    return EXIT_OK;
  } catch (error) {
    throw withListAdvice(error);
  }
}

function commandOf(spec: PolicyCommandSpec): Command {
  const flags = { ...COMMON_FLAGS, ...spec.flags };
  return {
    usage: spec.usage,
    async run(args, cli) {
      const { values, positionals } = parseFlags(args, flags, spec.name, true);
      if (values.help) return help(cli, spec.usage);
      const request = policyWords(spec, positionals, values as Values);
      const context = str(values as Values, 'context');
      return cli.session(context !== undefined ? { context } : {}, (client) => previewOrApply('policies', request, values as Values, client, cli));
    },
  };
}

export const POLICY_COMMAND_SPECS = { route: ROUTE, fault: FAULT, timeout: TIMEOUT, retry: RETRY, breaker: BREAKER, tls: TLS } as const;

/** The request a policy command line (the words after the command's name) sends: what --dry-run previews. */
export function policyRequestOf(command: keyof typeof POLICY_COMMAND_SPECS, args: readonly string[]): PolicyWords {
  const spec = POLICY_COMMAND_SPECS[command];
  const { values, positionals } = parseFlags(args, { ...COMMON_FLAGS, ...spec.flags }, spec.name, true);
  return policyWords(spec, positionals, values as Values);
}
export const routeCommandLine = commandOf(ROUTE);
export const faultCommandLine = commandOf(FAULT);
export const timeoutCommandLine = commandOf(TIMEOUT);
export const retryCommandLine = commandOf(RETRY);
export const breakerCommandLine = commandOf(BREAKER);
export const tlsCommandLine = commandOf(TLS);
