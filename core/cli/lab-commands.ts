// `meshdeck up | status`: the one-click plan from a terminal, through the core's contract
// (lab.up, lab.status). This file maps flags to arguments, shows progress and maps the outcome
// to an exit code; the core checks the arguments.

import { AppError, LAN_SHARING_WARNING, type AppErrorInfo, type Client, type MethodParams, type TaskInfo } from '../contract';
import type { CliContext, Command } from './cli-context';
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, unlessInterrupted } from './exit-codes';
import { fieldsAsFlags } from './flag-names';
import { followTask } from './follow-task';
import { formatLabStatus } from './format-status';
import { taskOutcome, writeJson } from './json-output';
import { optionalIntegerFlag, PORT_RANGE } from './numbers';
import { parseFlags } from './parse-flags';
import { PlanView } from './plan-view';
import { meshdeckCommand } from './shell-words';

export interface ParsedFlags {
  [key: string]: string | boolean | undefined;
}

function definedOnly<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as T;
}

const text = (value: string | boolean | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Flags → lab.up's arguments. Refuses flags that contradict each other (said in flag terms);
 * what each value may be is the contract's to check. An empty value is passed on, to be refused.
 */
export function labRequestFromFlags(flags: ParsedFlags): MethodParams<'lab.up'> {
  const options = {
    name: text(flags.name),
    istioVersion: text(flags.istio),
    httpPort: optionalIntegerFlag('--http-port', flags['http-port'], PORT_RANGE),
    httpsPort: optionalIntegerFlag('--https-port', flags['https-port'], PORT_RANGE),
    context: text(flags.context),
    mergeKubeconfig: flags['merge-kubeconfig'] === true ? true : undefined,
    lanSharing: flags.lan === true ? true : undefined,
    kindPath: text(flags.kind),
    istioctlPath: text(flags.istioctl),
    offline: flags.offline === true ? true : undefined,
  };
  if (options.mergeKubeconfig && options.context !== undefined) {
    throw new AppError('INVALID_ARGUMENT', `--merge-kubeconfig adds a kind cluster MeshDeck creates to your kubeconfig; --context ${options.context} is already there. Use one or the other.`);
  }
  if (options.lanSharing && options.context !== undefined) {
    throw new AppError('INVALID_ARGUMENT', `--lan publishes the ports of a kind cluster MeshDeck creates; --context ${options.context} is a cluster MeshDeck does not publish. Leave out one of them.`);
  }
  return definedOnly(options);
}

/** --name and --context as a lab selector; '' stays '' so the contract refuses it. */
export function labSelector(flags: ParsedFlags): { name?: string; context?: string } {
  return definedOnly({ name: text(flags.name), context: text(flags.context) });
}

/** The command that continues an `up` that stopped: the same lab, the same choices. */
export function continueCommand(request: MethodParams<'lab.up'>): string {
  const words = ['up'];
  const add = (flag: string, value: string | number | undefined): void => void (value !== undefined && words.push(flag, String(value)));
  add('--name', request.name);
  add('--context', request.context);
  add('--istio', request.istioVersion);
  add('--http-port', request.httpPort);
  add('--https-port', request.httpsPort);
  if (request.mergeKubeconfig) words.push('--merge-kubeconfig');
  if (request.lanSharing) words.push('--lan');
  add('--kind', request.kindPath);
  add('--istioctl', request.istioctlPath);
  if (request.offline) words.push('--offline');
  return meshdeckCommand(words);
}

/** A task's error with flags for any field it names. */
export function taskError(task: TaskInfo): AppErrorInfo | undefined {
  return task.error ? { ...task.error, message: fieldsAsFlags(task.error.message) } : undefined;
}

export function taskExitCode(ended: TaskInfo): number {
  return ended.state === 'succeeded' ? EXIT_OK : ended.state === 'cancelled' ? EXIT_INTERRUPTED : EXIT_FAILURE;
}

async function statusAfter(client: Client, request: MethodParams<'lab.up'>, ended: TaskInfo) {
  if (ended.result?.kind === 'lab') return ended.result.status;
  if (ended.state === 'cancelled') return undefined;
  const selector = definedOnly({ name: request.name, context: request.context });
  // A half-made lab can take its status check's whole timeout to answer: the outcome does not wait for that.
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), STATUS_AFTER_MS)));
  try {
    return await Promise.race([client.call('lab.status', selector).catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

const STATUS_AFTER_MS = 5000;

export async function labUp(request: MethodParams<'lab.up'>, json: boolean, client: Client, cli: CliContext): Promise<number> {
  if (request.lanSharing) cli.err.write(`Warning: ${LAN_SHARING_WARNING}\n`);
  const view = new PlanView(json ? { write: (line: string) => cli.err.write(line), isTTY: false } : cli.out);
  const ended = await followTask(client, () => client.call('lab.up', request), { onUpdate: (task) => view.update(task), interrupt: cli.signal });
  view.finish(ended);
  const error = taskError(ended);
  if (json) {
    const status = await statusAfter(client, request, ended);
    writeJson(cli.out, { ...taskOutcome(ended), ...(error ? { error } : {}), ...(status ? { status } : {}) });
  } else if (ended.state === 'succeeded' && ended.result?.kind === 'lab') cli.out.write(`\n${formatLabStatus(ended.result.status, cli.out.isTTY === true)}\n`);
  else if (error && ended.state === 'failed') cli.err.write(`\nmeshdeck: ${error.message}\n`);
  if (ended.state === 'cancelled') cli.err.write(`\nCancelled. Run \`${continueCommand(request)}\` to continue where it stopped.\n`);
  return taskExitCode(ended);
}

const UP_USAGE = `Usage: meshdeck up [options]

Creates the lab (or finishes it, when an earlier run stopped): a kind cluster, Istio's demo
profile with sidecar injection, Bookinfo, the Bookinfo and monitor gateways, and Prometheus,
Grafana, Kiali and Jaeger. Ctrl+C cancels (exit 130) and prints the command that continues.

Options:
  --name NAME         kind cluster name (default meshdeck; context kind-NAME)
  --istio VERSION     Istio release: 1.30.5 (default) or 1.31.1
  --http-port N       host port for HTTP through the gateway (default 8080, on 127.0.0.1)
  --https-port N      host port for HTTPS (default 8443)
  --context NAME      use an existing cluster of your kubeconfig instead of creating one
  --merge-kubeconfig  also add the kind cluster's context (kind-NAME) to your kubeconfig
                      (KUBECONFIG's first file, else ~/.kube/config) with \`kind export
                      kubeconfig\`, which also makes it the current context there; without
                      this flag MeshDeck keeps its own kubeconfig and leaves yours untouched
  --lan               publish the ports on every network interface, not only 127.0.0.1, so
                      others on your network can reach the lab. Grafana's anonymous Admin
                      becomes reachable too: only on a network you trust
  --kind PATH         use this kind binary instead of downloading kind v0.32.0
  --istioctl PATH     use this istioctl instead of the release's
  --offline           no network: build the lab from MeshDeck's cache and the host's
                      images (see \`meshdeck kit import\`); refuses up front, naming
                      everything missing, and never downloads or pulls
  --json              print the outcome as JSON (progress goes to stderr):
                      {"state": "succeeded"|"failed"|"cancelled", "error"?: {code, message},
                       "status"?: the lab as \`meshdeck status --json\` prints it}

Exit codes: 0 ready, 1 failed, 2 bad options, 130 cancelled.`;

const UP_FLAGS = {
  name: { type: 'string' },
  istio: { type: 'string' },
  'http-port': { type: 'string' },
  'https-port': { type: 'string' },
  context: { type: 'string' },
  'merge-kubeconfig': { type: 'boolean' },
  lan: { type: 'boolean' },
  kind: { type: 'string' },
  istioctl: { type: 'string' },
  offline: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

export const upCommand: Command = {
  usage: UP_USAGE,
  async run(args, cli) {
    const { values } = parseFlags(args, UP_FLAGS, 'up');
    if (values.help) return help(cli, UP_USAGE);
    const request = labRequestFromFlags(values);
    return cli.session({}, (client) => labUp(request, values.json === true, client, cli));
  },
};

const STATUS_USAGE = `Usage: meshdeck status [--name NAME] [--context NAME] [--json]

Shows the lab: cluster, Istio components, Bookinfo pods with sidecars, and the gateway and
dashboard URLs. Exits 1 when there is no lab.

Options:
  --name NAME      the lab's kind cluster (default: the current lab, see \`meshdeck labs\`)
  --context NAME   a cluster of your kubeconfig set up with \`meshdeck up --context\`
  --json           print the lab's status as JSON: {"exists", "name", "context", "provider",
                   "istioVersion"?, "istio", "bookinfo", "addons", "urls", "problem"?}`;

export async function labStatus(flags: ParsedFlags, client: Client, cli: CliContext): Promise<number> {
  const status = await unlessInterrupted(client.call('lab.status', labSelector(flags)), cli.signal);
  if (flags.json === true) writeJson(cli.out, status);
  else cli.out.write(`${formatLabStatus(status, cli.out.isTTY === true)}\n`);
  return status.exists ? EXIT_OK : EXIT_FAILURE;
}

export const statusCommand: Command = {
  usage: STATUS_USAGE,
  async run(args, cli) {
    const { values } = parseFlags(args, { name: { type: 'string' }, context: { type: 'string' }, json: { type: 'boolean' } }, 'status');
    if (values.help) return help(cli, STATUS_USAGE);
    return cli.session({}, (client) => labStatus(values, client, cli));
  },
};

export function help(cli: CliContext, usage: string): number {
  cli.out.write(`${usage}\n`);
  return EXIT_OK;
}
