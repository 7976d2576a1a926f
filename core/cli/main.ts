// The `meshdeck` command line: the same core as the desktop app, for scripts, CI and browser
// mode. Errors print their message and what to do next; stack traces only with MESHDECK_DEBUG.

import { parseArgs } from 'node:util';
import { AppError } from '../contract';
import { describeError, withCore } from './cli-session';
import { doctorCommand } from './doctor-command';
import { labDown, labReset, labStatus, labUp } from './lab-commands';
import { runLogsCommand } from './logs-command';
import { SERVE_USAGE, serveCommand } from './serve-command';
import { shiftCommand, trafficCommand } from './traffic-commands';
import { version } from '../../package.json';

const USAGE = `Usage: meshdeck <command> [options]

Commands:
  up [options]                Create the lab: kind cluster, Istio, Bookinfo, gateways, dashboards
  status [--json]             Show the lab: what is ready and where everything is
  reset [--yes]               Put Bookinfo's routing back to its starting state (keeps the cluster)
  down [--yes]                Delete the lab's kind cluster
  shift SERVICE v1=80 v2=20   Split a service's traffic between its versions (weights sum to 100)
  traffic [--rps N]           Send requests through the gateway and show the split they took
  logs POD|deploy/NAME        Print (or follow with -f) a pod's or a workload's logs
  serve [--port N] [--open]   Serve the MeshDeck UI to your browser on 127.0.0.1
  doctor [--json]             Check Docker, resources, ports and tools for a local lab

Options:
  -h, --help                  Show this help
  -v, --version               Show the version`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === '-v' || command === '--version') {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  if (command === 'up') return up(rest);
  if (command === 'status') return status(rest);
  if (command === 'reset') return reset(rest);
  if (command === 'down') return down(rest);
  if (command === 'serve') return serve(rest);
  if (command === 'shift') return shift(rest);
  if (command === 'traffic') return traffic(rest);
  if (command === 'logs') return logs(rest);
  if (command === 'doctor') return doctor(rest);
  throw new AppError('INVALID_ARGUMENT', `Unknown command "${command}". Run meshdeck --help to see the commands.`);
}

function parse<T extends Record<string, { type: 'string' | 'boolean'; short?: string }>>(args: string[], options: T, command: string) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new AppError('INVALID_ARGUMENT', `${error instanceof Error ? error.message : String(error)}. Run meshdeck ${command} --help.`);
  }
}

/** Runs `work` with a signal that Ctrl+C (or SIGTERM) aborts: the command cancels its task or stops its run. */
async function interruptible<T>(work: (interrupt: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

async function serve(args: string[]): Promise<number> {
  const values = parse(args, { port: { type: 'string' }, open: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, 'serve');
  if (values.help) {
    process.stdout.write(SERVE_USAGE);
    return 0;
  }
  return serveCommand(values);
}

async function doctor(args: string[]): Promise<number> {
  const values = parse(args, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, 'doctor');
  if (values.help) {
    process.stdout.write('Usage: meshdeck doctor [--json]\n\nChecks Docker, resources, inotify limits, gateway ports, kind clusters and tools.\nExits non-zero when a check fails.\n');
    return 0;
  }
  return interruptible((interrupt) => withCore({}, (client) => doctorCommand(values, client, interrupt)));
}

const UP_USAGE = `Usage: meshdeck up [options]

Creates the lab (or finishes it, when an earlier run stopped): a kind cluster, Istio's demo
profile with sidecar injection, Bookinfo, the Bookinfo and monitor gateways, and Prometheus,
Grafana, Kiali and Jaeger. Ctrl+C cancels; running it again continues where it stopped.

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
  --json              print the outcome as JSON (progress goes to stderr)`;

async function up(args: string[]): Promise<number> {
  const values = parse(
    args,
    {
      name: { type: 'string' },
      istio: { type: 'string' },
      'http-port': { type: 'string' },
      'https-port': { type: 'string' },
      context: { type: 'string' },
      'merge-kubeconfig': { type: 'boolean' },
      lan: { type: 'boolean' },
      kind: { type: 'string' },
      istioctl: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    'up',
  );
  if (values.help) {
    process.stdout.write(`${UP_USAGE}\n`);
    return 0;
  }
  return interruptible((interrupt) => withCore({}, (client) => labUp(values, client, interrupt)));
}

async function status(args: string[]): Promise<number> {
  const values = parse(args, { name: { type: 'string' }, context: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, 'status');
  if (values.help) {
    process.stdout.write('Usage: meshdeck status [--name NAME] [--context NAME] [--json]\n\nShows the lab: cluster, Istio components, Bookinfo pods with sidecars, and the gateway and dashboard URLs.\nExits 1 when there is no lab.\n');
    return 0;
  }
  return withCore({}, (client) => labStatus(values, client));
}

const RESET_USAGE = `Usage: meshdeck reset [--name NAME] [--context NAME] [--yes]

Brings Bookinfo's routing back to how \`meshdeck up\` left it, without recreating the cluster:
deletes every VirtualService and DestinationRule in Bookinfo's namespace except the bookinfo
VirtualService, and re-applies bookinfo-gateway and that VirtualService from the Istio release.
Nothing in istio-system (the dashboards' gateway) is touched. Asks first unless --yes.

Options:
  --name NAME         the lab's kind cluster (default: the last lab brought up)
  --context NAME      a cluster of your kubeconfig set up with \`meshdeck up --context\`
  -y, --yes           do not ask for confirmation (required when not on a terminal)`;

async function reset(args: string[]): Promise<number> {
  const values = parse(args, { name: { type: 'string' }, context: { type: 'string' }, yes: { type: 'boolean', short: 'y' }, help: { type: 'boolean', short: 'h' } }, 'reset');
  if (values.help) {
    process.stdout.write(`${RESET_USAGE}\n`);
    return 0;
  }
  return interruptible((interrupt) => withCore({}, (client) => labReset(values, client, interrupt)));
}

async function down(args: string[]): Promise<number> {
  const values = parse(args, { name: { type: 'string' }, yes: { type: 'boolean', short: 'y' }, help: { type: 'boolean', short: 'h' } }, 'down');
  if (values.help) {
    process.stdout.write('Usage: meshdeck down [--name NAME] [--yes]\n\nDeletes the lab\'s kind cluster and everything in it. Asks first unless --yes.\n');
    return 0;
  }
  return interruptible((interrupt) => withCore({}, (client) => labDown(values, client, interrupt)));
}

const SHIFT_USAGE = `Usage: meshdeck shift SERVICE [VERSION=WEIGHT ...] [options]

Writes a DestinationRule (one subset per version) and a weighted VirtualService for SERVICE
(server-side apply, field manager meshdeck). Weights are whole numbers that sum to 100; versions
at 0 stay as subsets but leave the route. Without weights, shows the service's versions and
current routing. Routing someone else wrote is never replaced without --take-over.

Examples:
  meshdeck shift reviews v1=80 v2=20
  meshdeck shift reviews v1=100 --header-route end-user=jason:v2
  meshdeck shift reviews v1=50 v3=50 --dry-run -o yaml > reviews.yaml

Options:
  -n, --namespace NS        the service's namespace (default: Bookinfo's, default)
  --header-route H=V:VER    also send requests whose header H equals V to version VER
  --dry-run                 print the objects instead of applying them
  -o, --output yaml|json    format for --dry-run (default yaml)
  --take-over               replace a VirtualService/DestinationRule MeshDeck did not write
  --context NAME            the lab's context (default: the last lab brought up)`;

async function shift(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        namespace: { type: 'string', short: 'n' },
        'header-route': { type: 'string' },
        'dry-run': { type: 'boolean' },
        output: { type: 'string', short: 'o' },
        'take-over': { type: 'boolean' },
        context: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new AppError('INVALID_ARGUMENT', `${error instanceof Error ? error.message : String(error)}. Run meshdeck shift --help.`);
  }
  if (parsed.values.help) {
    process.stdout.write(`${SHIFT_USAGE}\n`);
    return 0;
  }
  const { context } = parsed.values;
  return withCore(context ? { context } : {}, (client) => shiftCommand(parsed.positionals, parsed.values, { out: process.stdout, err: process.stderr }, client));
}

const TRAFFIC_USAGE = `Usage: meshdeck traffic [--rps N] [--duration S] [--user NAME] [--json]

Sends requests to Bookinfo's /productpage through the lab's ingress gateway and prints which
reviews version answered (v1 no stars, v2 black, v3 red), errors and latency. The requests
also fill Kiali's graph. Stops after --duration or on Ctrl+C.

Options:
  --rps N          requests per second, 1 to 200 (default 5)
  --duration S     seconds to run, 1 to 3600 (default 10)
  --user NAME      sign in to Bookinfo as NAME first (e.g. jason, for the header rule)
  --json           print the totals as JSON
  --context NAME   the lab's context (default: the last lab brought up)`;

async function traffic(args: string[]): Promise<number> {
  const values = parse(args, { rps: { type: 'string' }, duration: { type: 'string' }, user: { type: 'string' }, json: { type: 'boolean' }, context: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, 'traffic');
  if (values.help) {
    process.stdout.write(`${TRAFFIC_USAGE}\n`);
    return 0;
  }
  const { context } = values;
  return interruptible((interrupt) => withCore(context ? { context } : {}, (client) => trafficCommand(values, { out: process.stdout, err: process.stderr }, client, interrupt)));
}

async function logs(args: string[]): Promise<number> {
  return interruptible((signal) => runLogsCommand(args, { env: process.env, out: process.stdout, err: process.stderr, signal }));
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (error) {
    if (error instanceof AppError) {
      process.stderr.write(`meshdeck: ${error.message}\n`);
      process.exitCode = error.code === 'INVALID_ARGUMENT' ? 2 : 1;
    } else {
      process.stderr.write(`meshdeck: unexpected problem: ${describeError(error)}\nSet MESHDECK_DEBUG=1 for details.\n`);
      process.exitCode = 1;
    }
  }
}
