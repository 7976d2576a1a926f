// One set of Kubernetes clients for the lab, shared by traffic, logs and shells: built for the
// lab's kubeconfig and context on first use and rebuilt when either changes or the kubeconfig
// file is rewritten (a recreated kind cluster has a new port and certificates).
import { stat } from 'node:fs/promises';
import { createKubeClients, type KubeClients } from '../kube';
import type { LabTarget } from '../lab';

export interface LabClients {
  /** Clients for the lab as it is now. */
  get(): Promise<KubeClients>;
  target(): Promise<LabTarget>;
  close(): void;
}

export function createLabClients(target: () => Promise<LabTarget>): LabClients {
  let cached: { key: string; clients: KubeClients } | undefined;
  return {
    target,
    async get() {
      const where = await target();
      const mtime = await stat(where.kubeconfigPath).then((s) => s.mtimeMs, () => 0);
      const key = `${where.kubeconfigPath}\n${where.context}\n${mtime}`;
      if (cached?.key === key) return cached.clients;
      // Closing the old pool does not cut streams that are already open; they end on their own.
      cached?.clients.close();
      cached = { key, clients: createKubeClients({ kubeconfig: where.kubeconfigPath, context: where.context }) };
      return cached.clients;
    },
    close() {
      cached?.clients.close();
      cached = undefined;
    },
  };
}
