// Entry of the kind stand-in (test/world/bin/kind): dispatches kind's commands with kind's
// flags, prints failures as "ERROR: ..." on stderr and exits 1, like the real binary.
import { arch, platform } from 'node:process';
import { KIND_VERSION } from '../../../core/tools/index.js';
import { KindError, parseFlags, parseGoDuration, processOutput, stringFlag, type FlagSpec, type ParsedArgs } from './cli-io.js';
import { createCluster, type KindDeps } from './create-cluster.js';
import { deleteCluster } from './delete-cluster.js';
import { reachableDocker } from './docker-engine.js';
import { loadDockerImages, loadImageArchives } from './load-images.js';
import { exportKubeconfig, exportLogs, getClusters, getKubeconfig, getNodes } from './other-commands.js';
import { listClusters } from './world-state.js';

const usage = `kind creates and manages local Kubernetes clusters using Docker container 'nodes'
(MeshDeck test world stand-in)

Usage:
  kind [command]

Available Commands:
  create      Creates one of [cluster]
  delete      Deletes one of [cluster]
  export      Exports one of [kubeconfig, logs]
  get         Gets one of [clusters, nodes, kubeconfig]
  load        Loads images into nodes
  version     Prints the kind CLI version
`;

function clusterName(parsed: ParsedArgs, env: NodeJS.ProcessEnv): string {
  return stringFlag(parsed, 'name') || env.KIND_CLUSTER_NAME || 'kind';
}

function goArch(): string {
  return arch === 'x64' ? 'amd64' : arch;
}

async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const output = processOutput;
  const [command, sub, ...rest] = argv;
  const parse = (spec: FlagSpec): ParsedArgs => parseFlags(rest, spec);
  const deps = async (): Promise<KindDeps> => ({ env, output, docker: await reachableDocker(env) });
  const key = `${command ?? ''} ${sub ?? ''}`.trim();
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    output.out(usage);
    return;
  }
  if (command === 'version' || command === '--version') {
    output.out(`kind ${KIND_VERSION} go1.25.5 ${platform}/${goArch()}\n`);
    return;
  }
  switch (key) {
    case 'create cluster': {
      const p = parse({ name: 'string', config: 'string', image: 'string', kubeconfig: 'string', wait: 'string', retain: 'bool' });
      const wait = stringFlag(p, 'wait');
      const waitMs = wait === undefined ? 0 : parseGoDuration(wait);
      if (waitMs === undefined) throw new KindError(`invalid argument "${wait}" for "--wait" flag: time: invalid duration "${wait}"`);
      const options = { name: stringFlag(p, 'name'), configPath: stringFlag(p, 'config'), image: stringFlag(p, 'image'), kubeconfig: stringFlag(p, 'kubeconfig'), waitMs, retain: p.flags.retain === true };
      const kindDeps = await deps();
      // A DOCKER_HOST that does not answer is an engine that went away: real kind stops at `docker info`.
      if (!kindDeps.docker && env.DOCKER_HOST && env.MESHDECK_WORLD_DOCKER !== '0') {
        throw new KindError(
          `failed to create cluster: failed to get docker info: command "docker info --format '{{json .}}'" failed with error: exit status 1`,
          `Command Output: Cannot connect to the Docker daemon at ${env.DOCKER_HOST}. Is the docker daemon running?`,
        );
      }
      // Everything past flag parsing fails inside kind's provider.Create, hence its prefix.
      return createCluster(options, kindDeps).catch((error: unknown) => {
        if (error instanceof KindError) throw new KindError(`failed to create cluster: ${error.message}`, error.detail);
        throw error;
      });
    }
    case 'delete cluster': {
      const p = parse({ name: 'string', kubeconfig: 'string' });
      return deleteCluster(clusterName(p, env), stringFlag(p, 'kubeconfig'), await deps());
    }
    case 'delete clusters': {
      const p = parse({ all: 'bool', kubeconfig: 'string' });
      const names = p.flags.all === true ? await listClusters(env) : p.args;
      if (names.length === 0 && p.flags.all !== true) throw new KindError('no cluster names provided');
      const d = await deps();
      for (const name of names) await deleteCluster(name, stringFlag(p, 'kubeconfig'), d);
      if (names.length > 0) output.err(`Deleted clusters: [${names.map((n) => `"${n}"`).join(' ')}]\n`);
      return;
    }
    case 'get clusters':
      parse({});
      return getClusters(env, output);
    case 'get nodes': {
      const p = parse({ name: 'string', 'all-clusters': 'bool' });
      return getNodes(clusterName(p, env), env, output);
    }
    case 'get kubeconfig': {
      const p = parse({ name: 'string', internal: 'bool' });
      return getKubeconfig(clusterName(p, env), env, output);
    }
    case 'export kubeconfig': {
      const p = parse({ name: 'string', kubeconfig: 'string', internal: 'bool' });
      return exportKubeconfig(clusterName(p, env), stringFlag(p, 'kubeconfig'), await deps());
    }
    case 'export logs': {
      const p = parse({ name: 'string' });
      return exportLogs(clusterName(p, env), p.args[0], await deps());
    }
    case 'load docker-image':
    case 'load image-archive': {
      const p = parse({ name: 'string', nodes: 'strings' });
      const load = sub === 'docker-image' ? loadDockerImages : loadImageArchives;
      return load(clusterName(p, env), p.args, p.flags.nodes as string[] | undefined, await deps());
    }
    default:
      if (['create', 'delete', 'get', 'export', 'load'].includes(command) && sub) throw new KindError(`unknown command "${sub}" for "kind ${command}"`);
      if (['create', 'delete', 'get', 'export', 'load'].includes(command)) throw new KindError(`Subcommand is required`);
      throw new KindError(`unknown command "${command}" for "kind"\nRun 'kind --help' for usage.`);
  }
}

try {
  await run(process.argv.slice(2), process.env);
} catch (error) {
  if (error instanceof KindError) {
    process.stderr.write(`ERROR: ${error.message}\n`);
    // logError in cmd/kind/app/main.go: a blank line, then "Command Output: …" (no colour off a terminal).
    if (error.detail) process.stderr.write(`\n${error.detail}\n`);
  } else {
    process.stderr.write(`ERROR: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exitCode = 1;
}
