// The `meshdeck` command line: the same core as the desktop app, for scripts, CI and browser
// mode. Every command ends with kubectl's exit codes (exit-codes.ts); errors print their message
// and what to do next, as JSON on stdout under --json; unexpected ones also go to the app log,
// with their stack and causes on stderr only with MESHDECK_DEBUG=1.

import { AppError } from '../contract';
import { describeWithCauses } from './app-log';
import type { CliContext, Command } from './cli-context';
import { downCommand, resetCommand } from './down-reset-commands';
import { doctorCommandLine } from './doctor-command';
import { EXIT_FAILURE, EXIT_OK, exitCodeOf } from './exit-codes';
import { fieldsAsFlags } from './flag-names';
import { errorJson, writeJson } from './json-output';
import { kitCommand } from './kit-command';
import { imagesCommand } from './images-command';
import { labsCommand } from './labs-command';
import { statusCommand, upCommand } from './lab-commands';
import { logsCommandLine } from './logs-command';
import { wantsJson } from './parse-flags';
import { policiesCommandLine } from './policies-command';
import { breakerCommandLine, faultCommandLine, retryCommandLine, routeCommandLine, timeoutCommandLine, tlsCommandLine } from './policy-command';
import { authzCommandLine, mtlsCommandLine } from './security-command';
import { serveCommandLine } from './serve-command';
import { shiftCommandLine } from './shift-command';
import { trafficCommandLine } from './traffic-command';
import { workshopCommand } from './workshop-command';
import { version } from '../../package.json';

export const USAGE = `Usage: meshdeck <command> [options]

Commands:
  up [options]                Create the lab: kind cluster, Istio, Bookinfo, gateways, dashboards
  status [--json]             Show the lab: what is ready and where everything is
  labs [--json]               List the labs this data folder knows; \`labs use NAME\` picks one
  images [--json]             The lab's images: size, and whether the host and the node have them
  reset [--yes]               Put Bookinfo's routing back to its starting state (keeps the cluster)
  down [--yes]                Remove the lab (lists what goes, then asks)
  shift SERVICE v1=80 v2=20   Split a service's traffic between its versions (weights sum to 100)
  route SERVICE --match C --to V   Send matching requests (header:end-user=jason) to one version
  fault SERVICE --delay 7s|--abort 500   Inject a delay or an abort (--percent, --match)
  timeout SERVICE 0.5s        Give up on requests to a service after a duration
  retry SERVICE --attempts 3  Retry failed requests (--per-try 2s, --on 5xx,reset)
  breaker SERVICE [settings]  Circuit breaker: connection pool and outlier detection
  tls SERVICE istio-mutual    TLS mode of the service's DestinationRule
  policies SERVICE            Show a service's policies; --clear fault|timeout|retry|breaker|route|all
  mtls NAMESPACE strict       mTLS for a namespace (permissive, disable; --mesh for every namespace)
  authz TARGET deny-all       Authorization: allow-nothing, deny-all, allow --from sa:NS/SA
  traffic [--rps N]           Send requests through the gateway and show the split they took
  logs POD|deploy/NAME        Print (or follow with -f) a pod's or a workload's logs
  serve [--port N] [--open]   Serve the MeshDeck UI to your browser on 127.0.0.1
  doctor [--json]             Check Docker, resources, ports and tools for a local lab
  kit export|import|inspect FILE   The offline kit: tools and images for \`up --offline\`
  workshop list|show|start|check|hint|solve|reset|validate|run-all
                              Lesson packs with checks on your lab (meshdeck help workshop)

Options:
  -h, --help                  Show this help (meshdeck help COMMAND, or COMMAND --help, for one)
  -v, --version               Show the version

Exit codes: 0 done, 1 failed, 2 bad command line, 130 stopped by Ctrl+C.
With --json, output is JSON on stdout, errors too: {"error": {"code", "message", "details"?}}.
Set MESHDECK_DEBUG=1 to print the cause of an unexpected error.`;

export const COMMANDS: Record<string, Command> = {
  up: upCommand,
  status: statusCommand,
  labs: labsCommand,
  images: imagesCommand,
  reset: resetCommand,
  down: downCommand,
  shift: shiftCommandLine,
  route: routeCommandLine,
  fault: faultCommandLine,
  timeout: timeoutCommandLine,
  retry: retryCommandLine,
  breaker: breakerCommandLine,
  tls: tlsCommandLine,
  policies: policiesCommandLine,
  mtls: mtlsCommandLine,
  authz: authzCommandLine,
  traffic: trafficCommandLine,
  logs: logsCommandLine,
  serve: serveCommandLine,
  doctor: doctorCommandLine,
  kit: kitCommand,
  workshop: workshopCommand,
};

function run(argv: string[], cli: CliContext): Promise<number> | number {
  const [command, ...rest] = argv;
  const topic = command === 'help' && rest[0] !== undefined && Object.hasOwn(COMMANDS, rest[0]) ? COMMANDS[rest[0]] : undefined;
  if (topic) {
    cli.out.write(`${topic.usage}\n`);
    return EXIT_OK;
  }
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    cli.out.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  if (command === '-v' || command === '--version') {
    cli.out.write(`${version}\n`);
    return EXIT_OK;
  }
  const found = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!found) throw new AppError('INVALID_ARGUMENT', `Unknown command "${command}". Run meshdeck --help to see the commands.`);
  return found.run(rest, cli);
}

/** Runs one command line to its exit code; every error is reported here, never thrown. */
export async function main(argv: string[], cli: CliContext): Promise<number> {
  try {
    return await run(argv, cli);
  } catch (error) {
    return reportError(error, wantsJson(argv), cli);
  }
}

/** Says what went wrong (as JSON under --json) and picks the exit code. */
export function reportError(error: unknown, json: boolean, cli: CliContext): number {
  if (!(error instanceof AppError)) {
    cli.log.write(`unexpected error: ${describeWithCauses(error)}`);
    const message = `MeshDeck hit an unexpected problem: ${error instanceof Error ? error.message : String(error)}. The details are in ${cli.log.path}; report it with that file.`;
    if (json) writeJson(cli.out, errorJson(new AppError('INTERNAL', message)));
    else cli.err.write(`meshdeck: ${message}\n`);
    if (cli.env.MESHDECK_DEBUG) cli.err.write(`${describeWithCauses(error)}\n`);
    else if (!json) cli.err.write('Set MESHDECK_DEBUG=1 to print its cause here.\n');
    return EXIT_FAILURE;
  }
  if (error.code === 'INTERNAL') cli.log.write(`internal error: ${error.message}`);
  // Any core message that still names a contract field (durationSeconds) is said with the flag.
  const said = new AppError(error.code, fieldsAsFlags(error.message), error.details);
  if (json) writeJson(cli.out, errorJson(said));
  else cli.err.write(`meshdeck: ${said.message}${error.code === 'INTERNAL' ? ` (see ${cli.log.path})` : ''}\n`);
  return exitCodeOf(error);
}
