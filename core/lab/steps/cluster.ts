// Step "cluster": the kind cluster and MeshDeck's kubeconfig for it. Creates the cluster when kind
// does not list it, and reconnects (takes kind's kubeconfig) when kind lists it but our file lost
// it. On the user's own cluster it only checks that the API server answers.

import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { kindClusterConfig, renderKindConfig } from '../../kind';
import { checkConnection } from '../../kube';
import type { LabDeps } from '../lab-deps';
import type { LabRun } from '../lab-run';
import { NEEDS_RUN, type Observation, type PlanStep } from '../plan-runner';

export function clusterStep(run: LabRun, deps: Pick<LabDeps, 'kind'>): PlanStep {
  const { config } = run;
  return {
    id: 'cluster',
    title: 'Create the kind cluster',
    needs: ['preflight', 'kind'],
    observe: async (signal): Promise<Observation> => {
      if (run.ownCluster) {
        const version = await checkConnection(run.kube(), signal);
        return { state: 'done', detail: `Your cluster answers (Kubernetes ${version})` };
      }
      if (!run.kindPath) return NEEDS_RUN;
      const clusters = await deps.kind(run.kindPath).getClusters({ signal });
      if (!clusters.includes(config.name)) return NEEDS_RUN;
      try {
        const version = await checkConnection(run.kube(), signal);
        return { state: 'done', detail: `Cluster ${config.name} is up (Kubernetes ${version})` };
      } catch {
        return NEEDS_RUN;
      }
    },
    run: async (context) => {
      const kindCli = deps.kind(run.needKindPath());
      const existing = await kindCli.getClusters({ signal: context.signal });
      await mkdir(join(config.kubeconfigPath, '..'), { recursive: true, mode: 0o700 });
      if (existing.includes(config.name)) {
        // The cluster is there but our kubeconfig lost it (or it never had it): take kind's.
        context.progress(`Reconnecting to cluster ${config.name}`);
        await writeFile(config.kubeconfigPath, await kindCli.getKubeconfig(config.name, { signal: context.signal }), { mode: 0o600 });
        // writeFile's mode applies only to a new file; one left more open before is tightened.
        await chmod(config.kubeconfigPath, 0o600);
        return;
      }
      const kindConfig = kindClusterConfig({ name: config.name, httpHostPort: config.httpPort, httpsHostPort: config.httpsPort, httpNodePort: config.httpNodePort, httpsNodePort: config.httpsNodePort, lanSharing: config.lanSharing });
      const configPath = await run.writeLabFile('kind.yaml', renderKindConfig(kindConfig));
      context.progress(`Creating cluster ${config.name} (the node image download can take a few minutes)`);
      await kindCli.createCluster({ name: config.name, configPath, kubeconfigPath: config.kubeconfigPath, signal: context.signal, onLine: (line) => context.log(line) });
      // The kubeconfig holds the cluster's admin credentials: owner-only, whatever kind or an older file left.
      await chmod(config.kubeconfigPath, 0o600);
      context.progress(`Cluster ${config.name} created`);
    },
  };
}
