// `kind create cluster`: load and validate the config, refuse an existing name, then build the
// cluster step by step with kind's status lines: node image, node containers (or a host-port
// check without Docker), state, the detached API server, and the kubeconfig entry. A failure
// after nodes exist deletes them again unless --retain, as kind does.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { text as readStream } from 'node:stream/consumers';
import type Docker from 'dockerode';
import { deleteClusterResources } from './delete-cluster.js';
import { formatGoDuration, KindError, Status, type Output } from './cli-io.js';
import { KindConfigError, nodeNames, parseKindConfig, validateKindConfig, type ClusterConfig } from './kind-config.js';
import { kubeconfigForMerge, mergeKubeconfig, readKubeconfig, renameCurrentContext } from './kubeconfig-file.js';
import { takenHostPort } from './host-ports.js';
import { createNodeContainer, DockerRunError } from './node-containers.js';
import { ensureNodeImage } from './node-image.js';
import { startRunner } from './runner-process.js';
import { readCluster, stateRoot, writeCluster, type ClusterRecord } from './world-state.js';
import { clusterDelays } from './world-delays.js';

export interface CreateOptions {
  name?: string;
  configPath?: string;
  image?: string;
  kubeconfig?: string;
  waitMs?: number;
  retain?: boolean;
}

export interface KindDeps {
  env: NodeJS.ProcessEnv;
  output: Output;
  docker: Docker | undefined;
  stdin?: NodeJS.ReadableStream;
}

async function loadConfig(path: string | undefined, stdin: NodeJS.ReadableStream | undefined): Promise<ClusterConfig> {
  let text: string | undefined;
  if (path === '-') text = await readStream(stdin ?? process.stdin);
  else if (path) {
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new KindError(`error reading file: open ${path}: ${code === 'ENOENT' ? 'no such file or directory' : (error as Error).message}`);
    }
  }
  try {
    return parseKindConfig(text);
  } catch (error) {
    if (error instanceof KindConfigError) throw new KindError(error.message);
    throw error;
  }
}

/** kind shows the image without its digest. */
function shortImage(image: string): string {
  return image.split('@')[0] ?? image;
}

/** The cluster's config as kind resolves it: file or stdin, name and image overrides, validation, a name not taken. */
async function resolveConfig(options: CreateOptions, deps: KindDeps): Promise<ClusterConfig> {
  const { env } = deps;
  const config = await loadConfig(options.configPath, deps.stdin);
  config.name = options.name || env.KIND_CLUSTER_NAME || config.name || 'kind';
  if (options.image) for (const node of config.nodes) node.image = options.image;
  const problem = validateKindConfig(config);
  if (problem) throw new KindError(problem);
  if (await readCluster(config.name, env)) throw new KindError(`node(s) already exist for a cluster with the name "${config.name}"`);
  return config;
}

/** "Preparing nodes": a real node container per node where Docker is reachable, else the ports must be free. */
async function prepareNodes(config: ClusterConfig, record: ClusterRecord, image: string | undefined, deps: KindDeps): Promise<void> {
  const names = record.nodes.map((node) => node.name);
  if (deps.docker && image) {
    for (const [i, node] of config.nodes.entries()) {
      const created = await createNodeContainer(deps.docker, { clusterName: config.name, nodeName: names[i]!, node, image, stateRoot: stateRoot(deps.env) });
      record.nodes[i]!.containerId = created.containerId;
      await writeCluster(record, deps.env);
    }
    return;
  }
  const taken = await takenHostPort(config.nodes.flatMap((node) => node.extraPortMappings), names[0]!);
  if (taken) {
    // `docker run --detach` prints the created container's ID before the start fails (cli/command/container/run.go).
    const id = randomBytes(32).toString('hex');
    throw new DockerRunError(`docker run --name ${names[0]}`, `${id}\ndocker: Error response from daemon: ${taken}\n\nRun 'docker run --help' for more information`);
  }
}

/** The steps kind prints after the nodes exist; the control plane is the world's API server process. */
async function startControlPlane(config: ClusterConfig, record: ClusterRecord, options: CreateOptions, deps: KindDeps, status: Status, bootUntil: number): Promise<void> {
  const { env, output } = deps;
  status.start('Writing configuration 📜');
  const kubeconfigPath = kubeconfigForMerge(options.kubeconfig, env);
  record.kubeconfigPaths = [kubeconfigPath];
  await writeCluster(record, env);

  status.start('Starting control-plane 🕹️');
  const runner = await startRunner(config.name, env);
  record.runnerPid = runner.pid;
  record.serverUrl = runner.serverUrl;
  await writeCluster(record, env);
  // A real control plane takes a while to come up; MESHDECK_WORLD_DELAYS says how long.
  const booting = bootUntil - Date.now();
  if (booting > 0) await new Promise((resolve) => setTimeout(resolve, booting));

  if (!config.networking.disableDefaultCNI) status.start('Installing CNI 🔌');
  status.start('Installing StorageClass 💾');
  if (config.nodes.some((node) => node.role === 'worker')) status.start('Joining worker nodes 🚜');
  if (options.waitMs && options.waitMs > 0) {
    status.start(`Waiting ≤ ${formatGoDuration(options.waitMs)} for control-plane = Ready ⏳`);
    status.end(true);
    output.err(' • Ready after 0s 💚\n');
  }
  status.end(true);
  await mergeKubeconfig(kubeconfigPath, renameCurrentContext(await readKubeconfig(runner.kubeconfigPath), `kind-${config.name}`));
}

export async function createCluster(options: CreateOptions, deps: KindDeps): Promise<void> {
  const { env, output, docker } = deps;
  const started = Date.now();
  let bootMs: number;
  try {
    bootMs = clusterDelays(env.MESHDECK_WORLD_DELAYS).clusterMs;
  } catch (error) {
    throw new KindError((error as Error).message);
  }
  const config = await resolveConfig(options, deps);
  const name = config.name;

  output.err(`Creating cluster "${name}" ...\n`);
  const status = new Status(output);
  const names = nodeNames(config);
  const record: ClusterRecord = {
    name, createdAt: new Date().toISOString(), config, requestedImage: config.nodes[0]!.image,
    nodes: names.map((nodeName, i) => ({ name: nodeName, role: config.nodes[i]!.role })),
    docker: !!docker, kubeconfigPaths: [],
  };
  let nodesStarted = false;
  try {
    status.start(`Ensuring node image (${shortImage(record.requestedImage)}) 🖼`);
    const localImage = docker ? await ensureNodeImage(docker) : undefined;

    status.start(`Preparing nodes ${config.nodes.map(() => '📦').join(' ')} `);
    nodesStarted = true;
    await writeCluster(record, env);
    await prepareNodes(config, record, localImage, deps);
    await startControlPlane(config, record, options, deps, status, started + bootMs);
  } catch (error) {
    status.end(false);
    if (nodesStarted && !options.retain) {
      const deleted = await deleteClusterResources(name, { ...deps, quiet: true }, options.kubeconfig);
      if (deleted.length > 0) output.err(`Deleted nodes: [${deleted.map((n) => `"${n}"`).join(' ')}]\n`);
    }
    if (error instanceof DockerRunError) throw new KindError(error.message, `Command Output: ${error.output}`);
    if (error instanceof KindError) throw error;
    throw new KindError((error as Error).message);
  }
  output.err(`Set kubectl context to "kind-${name}"\n`);
  output.err(`You can now use your cluster with:\n\nkubectl cluster-info --context kind-${name}\n\nHave a nice day! 👋\n`);
}
