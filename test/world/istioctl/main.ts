// Entry of the istioctl stand-in (test/world/bin/istioctl and bin/istioctl inside the mirror's
// release archives): dispatches istioctl's commands with its flags, reads --kubeconfig and
// --context like the real one, prints failures as "Error: ..." and exits non-zero.
import { readFile, writeFile } from 'node:fs/promises';
import { text as readStream } from 'node:stream/consumers';
import { KindError, parseFlags, parseGoDuration, stringFlag, type FlagSpec, type ParsedArgs } from '../kind/cli-io.js';
import { InstallSpecError } from './install-spec.js';
import { clientVersion, EXIT_INCORRECT_USAGE, istioctlDialect, IstioctlError, processIo, type Io } from './istioctl-io.js';
import type * as ClusterCommands from './cluster-commands.js';
import type * as KubeAccessModule from './kube-access.js';
import type { KubeAccess, KubeTarget } from './kube-access.js';
import { kubeInject } from './kube-inject.js';

// The Kubernetes client takes seconds to load: only commands that talk to a cluster pay for it.
let kubeAccess: typeof KubeAccessModule | undefined;

function connect(target: KubeTarget): KubeAccess {
  if (!kubeAccess) throw new Error('the Kubernetes client is not loaded');
  return kubeAccess.connect(target);
}

function errorText(error: unknown): string {
  if (kubeAccess) return kubeAccess.errorText(error);
  return error instanceof Error ? error.message : String(error);
}

const commands = (): Promise<typeof ClusterCommands> => import('./cluster-commands.js');

async function loadKube(): Promise<void> {
  kubeAccess ??= await import('./kube-access.js');
}

function kubeFrom(parsed: ParsedArgs): () => KubeAccess {
  return () => connect({ kubeconfig: stringFlag(parsed, 'kubeconfig'), context: stringFlag(parsed, 'context') });
}

function list(parsed: ParsedArgs, name: string): string[] {
  const value = parsed.flags[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

async function readInput(path: string, io: Io): Promise<string> {
  if (path === '-') return readStream(io.stdin);
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new IstioctlError(`open ${path}: no such file or directory`);
  }
}

async function checkInject(parsed: ParsedArgs, io: Io): Promise<void> {
  await loadKube();
  const kube = kubeFrom(parsed)();
  const namespace = stringFlag(parsed, 'namespace') ?? kube.config.getContextObject(kube.config.getCurrentContext())?.namespace ?? 'default';
  const { runCheckInject } = await import('./check-inject.js');
  const labels = stringFlag(parsed, 'labels');
  return runCheckInject({ targets: parsed.args, namespace, ...(labels ? { labels } : {}) }, kube, io);
}

async function run(argv: string[], io: Io): Promise<void> {
  const [command, ...rest] = argv;
  const parse = (spec: FlagSpec, args = rest): ParsedArgs => parseFlags(args, spec, istioctlDialect);
  const ver = clientVersion();
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out('Istio configuration command line utility (MeshDeck test world stand-in).\n\nUsage:\n  istioctl [command]\n\nAvailable Commands:\n  analyze, install, kube-inject, manifest generate, uninstall, version, x check-inject, x precheck\n');
      return;
    case 'version': {
      const p = parse({ remote: 'bool', short: 'bool', output: 'string' });
      if (p.flags.remote === false) {
        io.out(p.flags.short === true ? `${ver}\n` : `client version: ${ver}\n`);
        return;
      }
      await loadKube();
      return (await commands()).version(kubeFrom(p), ver, p.flags.short === true, io);
    }
    case 'install':
    case 'apply': {
      const p = parse({ 'skip-confirmation': 'bool', filename: 'strings', set: 'strings', 'readiness-timeout': 'string', 'dry-run': 'bool', verify: 'bool', revision: 'string', manifests: 'string', force: 'bool' });
      const timeout = stringFlag(p, 'readiness-timeout') ?? '5m0s';
      const readinessTimeoutMs = parseGoDuration(timeout);
      if (readinessTimeoutMs === undefined) throw new IstioctlError(`invalid argument "${timeout}" for "--readiness-timeout" flag: time: invalid duration "${timeout}"`, EXIT_INCORRECT_USAGE);
      await loadKube();
      const { install } = await import('./install.js');
      // --verify is still accepted but does nothing since 1.24 (InstallArgs.Verify is never read in operator/cmd/mesh/install.go).
      return install({ files: list(p, 'filename'), sets: list(p, 'set'), skipConfirmation: p.flags['skip-confirmation'] === true, readinessTimeoutMs, dryRun: p.flags['dry-run'] === true, version: ver }, kubeFrom(p), io);
    }
    case 'x':
    case 'exp':
    case 'experimental': {
      const [sub, ...more] = rest;
      if (sub === 'check-inject') return checkInject(parse({ labels: 'string' }, more), io);
      if (sub !== 'precheck') {
        // `experimental` has no Run: cobra prints its help for any other word and exits 0 (only the root checks for unknown commands).
        io.out('Experimental commands that may be modified or deprecated\n\nUsage:\n  istioctl experimental [command]\n\nAliases:\n  experimental, x, exp\n\nAvailable Commands:\n  check-inject  Check the injection status or inject-ability of a given resource, explains why it is (or will be) injected or not\n  precheck      Check whether Istio can safely be installed or upgraded\n');
        return;
      }
      await loadKube();
      return (await commands()).precheck(kubeFrom(parse({ revision: 'string', output: 'string' }, more))(), io);
    }
    case 'uninstall': {
      const p = parse({ purge: 'bool', 'skip-confirmation': 'bool', revision: 'string', filename: 'strings' });
      await loadKube();
      return (await commands()).uninstall(kubeFrom(p)(), p.flags.purge === true, io);
    }
    case 'manifest':
      return (await import('./manifest-generate.js')).manifestCommand(rest, parse, ver, io);
    case 'kube-inject': {
      const p = parse({ filename: 'string', output: 'string', injectConfigFile: 'string', meshConfigFile: 'string', valuesFile: 'string', revision: 'string' });
      const file = stringFlag(p, 'filename');
      if (!file) throw new IstioctlError('filename not specified (see --filename or -f)');
      const injected = kubeInject(await readInput(file, io), ver, process.env);
      const out = stringFlag(p, 'output');
      if (out) await writeFile(out, injected);
      else io.out(injected);
      return;
    }
    case 'analyze': {
      const p = parse({ 'all-namespaces': 'bool', 'use-kube': 'bool', output: 'string', 'failure-threshold': 'string', 'output-threshold': 'string', recursive: 'bool' });
      const { runAnalyze } = await import('./analyze-command.js');
      return runAnalyze(p, async () => (await loadKube(), kubeFrom(p)()), (file) => readInput(file, io), io);
    }
    default:
      // verify-install lands here too: it was removed in Istio 1.24. cobra's Find prints the
      // second line; GetExitCode (istioctl/cmd/sysexits.go) maps "unknown command" to 64.
      throw new IstioctlError(`unknown command "${command}" for "istioctl"\nRun 'istioctl --help' for usage.`, EXIT_INCORRECT_USAGE);
  }
}

try {
  await run(process.argv.slice(2), processIo);
} catch (error) {
  const message = error instanceof IstioctlError || error instanceof KindError || error instanceof InstallSpecError ? error.message : errorText(error);
  process.stderr.write(`Error: ${message}\n`);
  // Flag errors are util.CommandParseError (SetFlagErrorFunc in istioctl/cmd/root.go): exit 64.
  process.exitCode = error instanceof IstioctlError ? error.exitCode : error instanceof KindError ? EXIT_INCORRECT_USAGE : 1;
}
