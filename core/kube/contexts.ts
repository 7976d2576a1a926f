// The contexts of the user's kubeconfig for the "use an existing cluster" picker. Read-only:
// the file is loaded, never written. Only names and server URLs come out; users (tokens, keys,
// client certificates, exec plugins) are not even looked at.

import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { AppError, type KubeContextInfo } from '../contract';

/** The contexts of the kubeconfig at `path`; none when there is no file (nothing set up yet). */
export function readKubeContexts(path: string): KubeContextInfo[] {
  if (!existsSync(path)) return [];
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(path);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new AppError(
      'INVALID_ARGUMENT',
      `Your kubeconfig at ${path} cannot be read (${reason}). Check it with \`kubectl config view\`, or type the context name by hand; to create a kind cluster instead, leave the context empty.`,
      { kubeconfig: path },
    );
  }
  const current = kc.getCurrentContext();
  return kc.getContexts().map((context) => ({
    name: context.name,
    cluster: context.cluster,
    server: kc.getCluster(context.cluster)?.server ?? '',
    current: context.name === current,
  }));
}
