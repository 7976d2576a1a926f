// Step "cluster": the kind cluster and its context in MeshDeck's kubeconfig. kind writes only a
// file of the lab's own (<labDir>/kind-kubeconfig); what it wrote is checked, then merged into the
// shared file (lab-kubeconfig.ts), so no lab's entries are ever replaced by another's.
// A creation that was interrupted (Ctrl+C, Cancel, a killed process) leaves a marker; the next
// run deletes that half-made cluster and creates it again. A cluster kind lists without a marker
// is the user's finished lab: it is reconnected (its kubeconfig taken from kind), never deleted.
// On the user's own cluster the step only checks that the API server answers.

import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../contract';
import { kindClusterConfig, renderKindConfig, type KindCli } from '../../kind';
import { checkConnection, labEntriesFrom } from '../../kube';
import type { LabConfig } from '../lab-config';
import type { LabDeps } from '../lab-deps';
import { labKubeconfigContexts, mergeLabKubeconfig, removeLabKubeconfig } from '../lab-kubeconfig';
import type { LabRun } from '../lab-run';
import { NEEDS_RUN, type Observation, type PlanStep, type StepContext } from '../plan-runner';

/** Written before `kind create cluster` starts, removed once its kubeconfig is merged. */
export function creationMarkerPath(config: LabConfig): string {
  return join(config.labDir, 'cluster-creating');
}

/** The only kubeconfig kind is given for this lab: its create and delete never touch the shared one. */
export function kindKubeconfigPath(config: LabConfig): string {
  return join(config.labDir, 'kind-kubeconfig');
}

/**
 * Deletes the lab's kind cluster and takes its context out of MeshDeck's kubeconfig. kind is
 * pointed at the lab's own file, so the shared file is changed only here, under its lock.
 */
export async function deleteKindCluster(config: LabConfig, kind: KindCli, context: Pick<StepContext, 'signal' | 'log'>): Promise<void> {
  await kind.deleteCluster({ name: config.name, kubeconfigPath: kindKubeconfigPath(config), signal: context.signal, onLine: (line) => context.log(line) });
  await removeLabKubeconfig(config.kubeconfigPath, config.context, context.signal);
  await rm(kindKubeconfigPath(config), { force: true });
  await rm(creationMarkerPath(config), { force: true });
}

async function createCluster(run: LabRun, kind: KindCli, context: StepContext): Promise<void> {
  const { config } = run;
  const kindConfig = kindClusterConfig({ name: config.name, httpHostPort: config.httpPort, httpsHostPort: config.httpsPort, httpNodePort: config.httpNodePort, httpsNodePort: config.httpsNodePort, lanSharing: config.lanSharing, nodeImage: run.nodeImage ?? config.nodeImage });
  const configPath = await run.writeLabFile('kind.yaml', renderKindConfig(kindConfig));
  await run.writeLabFile('cluster-creating', `${JSON.stringify({ startedAt: new Date().toISOString(), pid: process.pid })}\n`);
  const ownFile = kindKubeconfigPath(config);
  await rm(ownFile, { force: true });
  context.progress(`Creating cluster ${config.name} (the node image download can take a few minutes)`);
  await kind.createCluster({ name: config.name, configPath, kubeconfigPath: ownFile, signal: context.signal, onLine: (line) => context.log(line) });
  const text = await readFile(ownFile, 'utf8').catch(() => '');
  await mergeLabKubeconfig(config.kubeconfigPath, labEntriesFrom(text, config.context, `kind create cluster --name ${config.name}`), context.signal);
  await rm(ownFile, { force: true });
  await rm(creationMarkerPath(config), { force: true });
  run.refreshKube();
  context.progress(`Cluster ${config.name} created`);
}

/** Takes a finished cluster's kubeconfig from kind into the shared file and checks that it answers. */
async function reconnect(run: LabRun, kind: KindCli, probe: ClusterProbe, context: StepContext): Promise<void> {
  const { config } = run;
  context.progress(`Reconnecting to cluster ${config.name}`);
  const advice = `If Docker was restarted, start the node again (\`docker start ${config.name}-control-plane\`) and run up again; to start over instead, run \`meshdeck down --name ${config.name}\`, then \`meshdeck up --name ${config.name}\`.`;
  let text: string;
  try {
    text = await kind.getKubeconfig(config.name, { signal: context.signal });
  } catch (error) {
    if (error instanceof AppError && error.code === 'CANCELLED') throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('CLUSTER_NOT_FOUND', `Cluster ${config.name} exists but kind cannot read its kubeconfig (${reason}). ${advice}`, { cluster: config.name });
  }
  await mergeLabKubeconfig(config.kubeconfigPath, labEntriesFrom(text, config.context, `kind get kubeconfig --name ${config.name}`), context.signal);
  run.refreshKube();
  try {
    await probe(run, context.signal);
  } catch (error) {
    if (error instanceof AppError && error.code === 'CANCELLED') throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('CLUSTER_NOT_FOUND', `Cluster ${config.name} exists but its API server does not answer (${reason}). ${advice}`, { cluster: config.name });
  }
  context.progress(`Reconnected to cluster ${config.name}`);
}

/** Whether the lab's API server answers (its Kubernetes version); a seam for tests without a cluster. */
export type ClusterProbe = (run: LabRun, signal: AbortSignal) => Promise<string>;

const askApiServer: ClusterProbe = (run, signal) => checkConnection(run.kube(), signal);

export function clusterStep(run: LabRun, deps: Pick<LabDeps, 'kind'>, probe: ClusterProbe = askApiServer): PlanStep {
  const { config } = run;
  let listedByObserve: string[] | undefined;
  return {
    id: 'cluster',
    title: 'Create the kind cluster',
    needs: ['preflight', 'kind', 'node-image'],
    observe: async (signal): Promise<Observation> => {
      if (run.ownCluster) {
        const version = await probe(run, signal);
        return { state: 'done', detail: `Your cluster answers (Kubernetes ${version})` };
      }
      if (!run.kindPath || existsSync(creationMarkerPath(config))) return NEEDS_RUN;
      const clusters = await deps.kind(run.kindPath).getClusters({ signal });
      listedByObserve = clusters;
      if (!clusters.includes(config.name) || !(await labKubeconfigContexts(config.kubeconfigPath)).includes(config.context)) return NEEDS_RUN;
      try {
        const version = await probe(run, signal);
        return { state: 'done', detail: `Cluster ${config.name} is up (Kubernetes ${version})` };
      } catch {
        return NEEDS_RUN;
      }
    },
    run: async (context) => {
      const kind = deps.kind(run.needKindPath());
      // The list observe just took (run follows it at once), or a list of our own.
      const listed = (listedByObserve ?? (await kind.getClusters({ signal: context.signal }))).includes(config.name);
      listedByObserve = undefined;
      if (listed && existsSync(creationMarkerPath(config))) {
        context.progress(`Cluster ${config.name} was left half-made when its creation stopped; deleting it to create it again`);
        context.log(`An earlier creation of ${config.name} did not finish (${creationMarkerPath(config)} is still there): deleting the half-made cluster`);
        await deleteKindCluster(config, kind, context);
      } else if (listed) {
        await reconnect(run, kind, probe, context);
        return;
      }
      await createCluster(run, kind, context);
    },
  };
}
