// The real `kind` command line, run through core/exec: create, delete and list clusters, read or
// export a cluster's kubeconfig, and report kind's version. Argument arrays only; output lines go
// to the caller's logger; an AbortSignal kills kind. It never edits kubeconfigs itself (kind does,
// in the file it is told).

import { AppError } from '../contract';
import type { ExecFunction, ExecOptions, ExecResult, LineSink } from '../exec';
import { kindFailure } from './kind-errors';

export type { ExecFunction, LineSink };

export interface KindCliDeps {
  /** The kind binary (managed download or user-chosen). */
  kindPath: string;
  exec: ExecFunction;
  /** Environment for kind (e.g. DOCKER_HOST); defaults to core/exec's (the process's). */
  env?: NodeJS.ProcessEnv;
}

export interface RunOptions {
  signal?: AbortSignal;
  onLine?: LineSink;
}

export interface CreateClusterOptions extends RunOptions {
  name: string;
  configPath: string;
  /** The app's own kubeconfig; kind merges context kind-<name> into it. */
  kubeconfigPath: string;
  /** Milliseconds kind waits for the control plane to be Ready (`--wait`); 0 or absent: no wait. */
  wait?: number;
  /** Overrides the node image in the config (`--image`). */
  image?: string;
}

export interface DeleteClusterOptions extends RunOptions {
  name: string;
  kubeconfigPath?: string;
}

export interface ExportKubeconfigOptions extends RunOptions {
  name: string;
  /** The kubeconfig kind merges context kind-<name> into (and makes it the current context). */
  kubeconfigPath: string;
}

export interface LoadImageArchiveOptions extends RunOptions {
  name: string;
  /** A docker-save (or OCI) archive. */
  archivePath: string;
  /** Only these node containers (`--nodes`); absent: every node of the cluster. */
  nodes?: readonly string[];
}

export interface KindCli {
  /** kind's version without the "v", e.g. "0.32.0". */
  version(options?: RunOptions): Promise<string>;
  createCluster(options: CreateClusterOptions): Promise<void>;
  /** Deleting a cluster that does not exist succeeds, as with kind. */
  deleteCluster(options: DeleteClusterOptions): Promise<void>;
  getClusters(options?: RunOptions): Promise<string[]>;
  /** The cluster's kubeconfig as YAML text (context kind-<name>). */
  getKubeconfig(name: string, options?: RunOptions): Promise<string>;
  /** `kind export kubeconfig`: merges kind-<name> into that file and sets it as current-context. */
  exportKubeconfig(options: ExportKubeconfigOptions): Promise<void>;
  /** `kind load image-archive`: imports the archive's images into the nodes' containerd. */
  loadImageArchive(options: LoadImageArchiveOptions): Promise<void>;
}

/** kind takes Go durations; whole seconds are enough for a readiness wait. */
function goDuration(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 1000))}s`;
}

export function kindCli(deps: KindCliDeps): KindCli {
  const run = async (args: string[], action: string, options: RunOptions = {}): Promise<ExecResult> => {
    const execOptions: ExecOptions = { signal: options.signal, onLine: options.onLine };
    if (deps.env) execOptions.env = deps.env;
    try {
      return await deps.exec(deps.kindPath, args, execOptions);
    } catch (error) {
      throw kindFailure(error, action);
    }
  };

  return {
    async version(options) {
      const { stdout } = await run(['version'], 'report its version', options);
      const version = /kind v?(\d+\.\d+\.\d+\S*)/.exec(stdout)?.[1];
      if (!version) throw new AppError('COMMAND_FAILED', `${deps.kindPath} does not look like kind: "kind version" printed "${stdout.trim().slice(0, 200)}".`, { command: `${deps.kindPath} version` });
      return version;
    },
    async createCluster(options) {
      const args = ['create', 'cluster', '--name', options.name, '--config', options.configPath, '--kubeconfig', options.kubeconfigPath];
      if (options.image) args.push('--image', options.image);
      if (options.wait && options.wait > 0) args.push('--wait', goDuration(options.wait));
      await run(args, `create the cluster "${options.name}"`, options);
    },
    async deleteCluster(options) {
      const args = ['delete', 'cluster', '--name', options.name];
      if (options.kubeconfigPath) args.push('--kubeconfig', options.kubeconfigPath);
      await run(args, `delete the cluster "${options.name}"`, options);
    },
    async getClusters(options) {
      // "No kind clusters found." goes to stderr; stdout holds one name a line.
      const { stdout } = await run(['get', 'clusters'], 'list clusters', options);
      return stdout.split('\n').map((line) => line.trim()).filter(Boolean);
    },
    async getKubeconfig(name, options) {
      const { stdout } = await run(['get', 'kubeconfig', '--name', name], `read the kubeconfig of "${name}"`, options);
      return stdout;
    },
    async exportKubeconfig(options) {
      await run(['export', 'kubeconfig', '--name', options.name, '--kubeconfig', options.kubeconfigPath], `export the kubeconfig of "${options.name}"`, options);
    },
    async loadImageArchive(options) {
      const nodes = options.nodes && options.nodes.length > 0 ? ['--nodes', options.nodes.join(',')] : [];
      await run(['load', 'image-archive', options.archivePath, '--name', options.name, ...nodes], `load images into the nodes of "${options.name}"`, options);
    },
  };
}
