// Builds the clients for one kubeconfig context the user picked: MeshDeck's shared keep-alive
// transport (every read and write), its discovery cache, and client-node's Watch (watches are
// long-lived streams; the transport answers whole bodies). It reads the kubeconfig and never
// writes it, and it never changes the file's current context: the chosen context lives only in
// an in-memory copy. Closing the clients stops whatever watches on them (see Reflector).
import { KubeConfig, Watch } from '@kubernetes/client-node';
import { existsSync } from 'node:fs';
import { AppError } from '../contract';
import { Discovery } from './discovery';
import { kubeError } from './errors';
import { createKubeHttp, type KubeHttp } from './transport';

export interface KubeClients {
  readonly context: string;
  readonly server: string;
  /** The chosen context's copy; log and exec streams build their own requests from it. */
  readonly kubeConfig: KubeConfig;
  readonly watch: Watch;
  /** Keep-alive JSON transport used by apply, reads, discovery and waits. */
  readonly http: KubeHttp;
  /** Which kinds exist and are namespaced; cached for this client. */
  readonly discovery: Discovery;
  /** Aborted by close(): long-lived work on these clients (reflectors) stops with it. */
  readonly closed: AbortSignal;
  /** Closes pooled connections and stops the reflectors on these clients. */
  close(): void;
}

export interface KubeClientOptions {
  /** Path of a kubeconfig file, or an already loaded KubeConfig (it is copied, never changed). */
  kubeconfig: string | KubeConfig;
  /** The context to use; required, so MeshDeck never acts on a context nobody chose. */
  context: string;
  /** Concurrent connections to the API server. Default 16. */
  maxSockets?: number;
}

function load(source: string | KubeConfig): KubeConfig {
  if (typeof source !== 'string') return source;
  if (!existsSync(source)) throw new AppError('CLUSTER_NOT_FOUND', `There is no kubeconfig at ${source}. Create the cluster first (\`meshdeck up\`) or pass the kubeconfig that holds your context.`, { kubeconfig: source });
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(source);
  } catch (err) {
    // The YAML parser appends a multi-line excerpt; its first line names the problem and where.
    const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0]?.trim();
    throw new AppError(
      'INVALID_ARGUMENT',
      `The kubeconfig at ${source} cannot be read (${reason}). MeshDeck left it as it is: fix it (check with \`kubectl config view\`), or point KUBECONFIG at another file.`,
      { kubeconfig: source },
    );
  }
  return kc;
}

export function createKubeClients(options: KubeClientOptions): KubeClients {
  const source = load(options.kubeconfig);
  const contexts = source.getContexts().map((c) => c.name);
  if (!contexts.includes(options.context)) {
    const where = typeof options.kubeconfig === 'string' ? ` in ${options.kubeconfig}` : '';
    const known = contexts.length ? `Contexts there: ${contexts.join(', ')}.` : 'It has no contexts.';
    throw new AppError('CLUSTER_NOT_FOUND', `There is no kube context "${options.context}"${where}. ${known} Pick one of them or create the cluster with \`meshdeck up\`.`, {
      context: options.context,
      contexts,
    });
  }
  // A copy whose current context is the chosen one: the source object and file stay as they were.
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({ clusters: source.getClusters(), users: source.getUsers(), contexts: source.getContexts(), currentContext: options.context });
  if (!kubeConfig.getCurrentCluster()) throw new AppError('CLUSTER_NOT_FOUND', `The kube context "${options.context}" names a cluster that is not in the kubeconfig.`, { context: options.context });
  const http = createKubeHttp(kubeConfig, options.maxSockets ?? 16);
  const closing = new AbortController();
  return {
    context: options.context,
    server: http.server,
    kubeConfig,
    watch: new Watch(kubeConfig),
    http,
    discovery: new Discovery(http),
    closed: closing.signal,
    close: () => {
      closing.abort();
      http.close();
    },
  };
}

/** The server's version, proving the API answers; K8S_API with what to do when it does not. */
export async function checkConnection(clients: KubeClients, signal?: AbortSignal): Promise<string> {
  try {
    const answer = await clients.http.request<{ gitVersion?: string }>('GET', '/version', signal ? { signal } : {});
    return answer.body.gitVersion ?? 'unknown';
  } catch (err) {
    throw kubeError(err, `Connecting to context "${clients.context}"`, clients.server);
  }
}
