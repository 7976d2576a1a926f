// The one-click plan's steps (DESIGN "The one-click plan"): each observes the real world first
// and only does what is missing, so `up` after a crash or a cancel continues where it stopped.
// Tools, kind, istioctl and the cluster come in through LabDeps; nothing here sleeps or polls
// the API server (waits are watches; only the final HTTP check retries).

import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../contract';
import { allowGrafanaEmbedding, readAddonObjects, DEFAULT_ADDONS } from '../addons';
import { readBookinfo } from '../bookinfo';
import { DASHBOARDS, dashboardHost, monitorGatewayObjects } from '../gateways';
import { istioOverlay, renderIstioOverlay, type IstioctlCli } from '../istio';
import { kindClusterConfig, renderKindConfig, type KindCli } from '../kind';
import { applyObjects, checkConnection, createKubeClients, getObject, NAMESPACE, readKubeContexts, readWorkloads, waitForDeployments, type KubeClients, type KubeObject, type NamespaceObject } from '../kube';
import type { IstioRelease } from '../tools';
import { httpGet } from './http-check';
import { BOOKINFO_NAMESPACE, ISTIO_SYSTEM, type LabConfig } from './lab-config';
import type { Observation, PlanStep, StepContext } from './plan-runner';

export const ISTIO_DEPLOYMENTS = ['istiod', 'istio-ingressgateway', 'istio-egressgateway'];
export const ADDON_DEPLOYMENTS = ['prometheus', 'grafana', 'kiali', 'jaeger'];

export interface LabDeps {
  /** Runs the doctor for these host ports; resolves with the failures that must stop the plan. */
  preflight(config: LabConfig, signal: AbortSignal, log: (line: string) => void): Promise<AppError | undefined>;
  ensureKind(config: LabConfig, context: StepContext): Promise<string>;
  ensureIstio(config: LabConfig, context: StepContext): Promise<IstioRelease>;
  kind(kindPath: string): KindCli;
  istioctl(istioctlPath: string): IstioctlCli;
}

/** What the steps hand each other during one run. */
class LabRun {
  kindPath?: string;
  release?: IstioRelease;
  private clients?: KubeClients;

  constructor(readonly config: LabConfig) {}

  kube(): KubeClients {
    this.clients ??= createKubeClients({ kubeconfig: this.config.kubeconfigPath, context: this.config.context });
    return this.clients;
  }

  needRelease(): IstioRelease {
    if (!this.release) throw new AppError('INTERNAL', 'The Istio release is not ready yet.');
    return this.release;
  }

  close(): void {
    this.clients?.close();
  }
}

const todo: Observation = { state: 'todo' };

function progressOf(context: StepContext, what: string) {
  return (ready: number, total: number) => context.progress(`${ready} of ${total} ${what} ready`, total === 0 ? null : Math.round((ready / total) * 100));
}

async function deploymentsReady(run: LabRun, namespace: string, names: string[]): Promise<boolean> {
  const workloads = await readWorkloads(run.kube(), namespace);
  return names.every((name) => workloads.some((w) => w.name === name && w.total > 0 && w.ready >= w.total));
}

export function labPlan(config: LabConfig, deps: LabDeps): { steps: PlanStep[]; close(): void } {
  const run = new LabRun(config);
  const byo = config.provider === 'context';

  const preflight: PlanStep = {
    id: 'preflight',
    title: 'Check this machine',
    needs: [],
    observe: async () => (byo ? { state: 'done', detail: `Using your cluster (context ${config.context})` } : todo),
    run: async (context) => {
      context.progress('Checking Docker, resources, ports and tools');
      const failure = await deps.preflight(config, context.signal, context.log);
      if (failure) throw failure;
      context.progress('This machine is ready');
    },
  };

  const kind: PlanStep = {
    id: 'kind',
    title: 'Get kind',
    needs: [],
    observe: async () => (byo ? { state: 'done', detail: 'Not needed for your own cluster' } : todo),
    run: async (context) => {
      run.kindPath = await deps.ensureKind(config, context);
      context.progress(`kind ready at ${run.kindPath}`);
    },
  };

  const istioRelease: PlanStep = {
    id: 'istio-release',
    title: `Get Istio ${config.istioVersion}`,
    needs: [],
    observe: async () => todo,
    run: async (context) => {
      run.release = await deps.ensureIstio(config, context);
      context.progress(`Istio ${run.release.version} ready`);
    },
  };

  const cluster: PlanStep = {
    id: 'cluster',
    title: 'Create the kind cluster',
    needs: ['preflight', 'kind'],
    observe: async (signal) => {
      if (byo) {
        const version = await checkConnection(run.kube(), signal);
        return { state: 'done', detail: `Your cluster answers (Kubernetes ${version})` };
      }
      if (!run.kindPath) return todo;
      const clusters = await deps.kind(run.kindPath).getClusters({ signal });
      if (!clusters.includes(config.name)) return todo;
      try {
        const version = await checkConnection(run.kube(), signal);
        return { state: 'done', detail: `Cluster ${config.name} is up (Kubernetes ${version})` };
      } catch {
        return todo;
      }
    },
    run: async (context) => {
      const kindCli = deps.kind(run.kindPath!);
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
      const configPath = join(config.labDir, 'kind.yaml');
      await mkdir(config.labDir, { recursive: true, mode: 0o700 });
      await writeFile(
        configPath,
        renderKindConfig(kindClusterConfig({ name: config.name, httpHostPort: config.httpPort, httpsHostPort: config.httpsPort, httpNodePort: config.httpNodePort, httpsNodePort: config.httpsNodePort, lanSharing: config.lanSharing })),
      );
      context.progress(`Creating cluster ${config.name} (the node image download can take a few minutes)`);
      await kindCli.createCluster({ name: config.name, configPath, kubeconfigPath: config.kubeconfigPath, signal: context.signal, onLine: (line) => context.log(line) });
      // The kubeconfig holds the cluster's admin credentials: owner-only, whatever kind or an older file left.
      await chmod(config.kubeconfigPath, 0o600);
      context.progress(`Cluster ${config.name} created`);
    },
  };

  // Opt-in only: the user asked for the lab's context in their own kubeconfig too. Nothing else
  // in the plan touches that file.
  const mergeInto = config.mergeInto;
  const kubeconfig: PlanStep | undefined = mergeInto
    ? {
        id: 'kubeconfig',
        title: 'Add the context to your kubeconfig',
        needs: ['cluster'],
        observe: async () => {
          // Already there and pointing at this cluster's API server: leave the file (and its current-context) alone.
          const server = readKubeContexts(config.kubeconfigPath).find((c) => c.name === config.context)?.server;
          const theirs = readKubeContexts(mergeInto).find((c) => c.name === config.context)?.server;
          return server && theirs === server ? { state: 'done', detail: `${config.context} is in ${mergeInto}` } : todo;
        },
        run: async (context) => {
          context.progress(`Adding ${config.context} to ${mergeInto}`);
          await mkdir(join(mergeInto, '..'), { recursive: true, mode: 0o700 });
          await deps.kind(run.kindPath!).exportKubeconfig({ name: config.name, kubeconfigPath: mergeInto, signal: context.signal, onLine: (line) => context.log(line) });
          context.log(`Merged context ${config.context} into ${mergeInto} (kind export kubeconfig; it is now the current context there)`);
          context.progress(`${config.context} added to ${mergeInto} and made current`);
        },
      }
    : undefined;

  const istio: PlanStep = {
    id: 'istio',
    title: 'Install Istio',
    needs: ['cluster', 'istio-release'],
    observe: async () => ((await deploymentsReady(run, ISTIO_SYSTEM, ISTIO_DEPLOYMENTS)) ? { state: 'done', detail: 'istiod and both gateways are running' } : todo),
    run: async (context) => {
      const release = run.needRelease();
      const overlayPath = join(config.labDir, 'istio-overlay.yaml');
      await mkdir(config.labDir, { recursive: true, mode: 0o700 });
      await writeFile(overlayPath, renderIstioOverlay(istioOverlay({ profile: 'demo', httpNodePort: config.httpNodePort, httpsNodePort: config.httpsNodePort })));
      context.progress(`istioctl install (demo profile, Istio ${release.version})`);
      await deps.istioctl(release.istioctl).install({ overlayPath, kubeconfigPath: config.kubeconfigPath, context: config.context, signal: context.signal, onLine: (line) => context.log(line) });
      await waitForDeployments(run.kube(), { namespace: ISTIO_SYSTEM, names: ISTIO_DEPLOYMENTS, signal: context.signal, stallMs: config.stallMs, onProgress: progressOf(context, 'Istio components') });
    },
  };

  const injection: PlanStep = {
    id: 'injection',
    title: 'Turn on sidecar injection',
    needs: ['istio'],
    observe: async () => {
      const namespace = await getObject<NamespaceObject>(run.kube(), NAMESPACE, undefined, BOOKINFO_NAMESPACE);
      if (namespace?.metadata?.labels?.['istio-injection'] !== 'enabled') return todo;
      const workloads = await readWorkloads(run.kube(), BOOKINFO_NAMESPACE);
      return workloads.every((w) => w.withSidecar === undefined || w.withSidecar >= w.total) ? { state: 'done', detail: `Namespace ${BOOKINFO_NAMESPACE} injects sidecars` } : todo;
    },
    run: async (context) => {
      const release = run.needRelease();
      const { namespace } = await readBookinfo(join(release.samplesDir, 'bookinfo'), { namespace: BOOKINFO_NAMESPACE });
      await applyObjects(run.kube(), [namespace], { signal: context.signal });
      // Pods that predate the label have no sidecar: restart their Deployments, as kubectl rollout restart does.
      const stale = (await readWorkloads(run.kube(), BOOKINFO_NAMESPACE)).filter((w) => w.withSidecar !== undefined && w.withSidecar < w.total);
      const restartedAt = new Date().toISOString();
      const restarts: KubeObject[] = stale.map((w) => ({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: w.name, namespace: BOOKINFO_NAMESPACE },
        spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': restartedAt } } } },
      }));
      if (restarts.length > 0) {
        context.log(`Restarting ${stale.map((w) => w.name).join(', ')} so their pods get sidecars`);
        await applyObjects(run.kube(), restarts, { signal: context.signal, fieldManager: 'meshdeck-restart' });
      }
      context.progress(`Namespace ${BOOKINFO_NAMESPACE} injects sidecars${restarts.length > 0 ? `; restarted ${restarts.length}` : ''}`);
    },
  };

  const bookinfo: PlanStep = {
    id: 'bookinfo',
    title: 'Deploy Bookinfo',
    needs: ['injection'],
    observe: async () => {
      const workloads = await readWorkloads(run.kube(), BOOKINFO_NAMESPACE);
      const app = workloads.filter((w) => ['productpage-v1', 'details-v1', 'ratings-v1', 'reviews-v1', 'reviews-v2', 'reviews-v3'].includes(w.name));
      return app.length === 6 && app.every((w) => w.ready >= w.total && (w.withSidecar ?? 0) >= w.total) ? { state: 'done', detail: 'All 6 Bookinfo deployments are running with sidecars' } : todo;
    },
    run: async (context) => {
      const release = run.needRelease();
      const objects = await readBookinfo(join(release.samplesDir, 'bookinfo'), { namespace: BOOKINFO_NAMESPACE });
      context.progress(`Applying ${objects.app.length} objects`);
      await applyObjects(run.kube(), objects.app, { namespace: BOOKINFO_NAMESPACE, signal: context.signal });
      const names = objects.app.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name);
      await waitForDeployments(run.kube(), { namespace: BOOKINFO_NAMESPACE, names, signal: context.signal, stallMs: config.stallMs, onProgress: progressOf(context, 'Bookinfo deployments') });
      const missing = (await readWorkloads(run.kube(), BOOKINFO_NAMESPACE)).filter((w) => names.includes(w.name) && (w.withSidecar ?? 0) < w.total);
      if (missing.length > 0) {
        throw new AppError('STALLED', `${missing.map((w) => w.name).join(', ')} run without the istio-proxy sidecar. Check that Istio's injector is installed (istioctl verify-install) and run this again.`);
      }
      context.progress('All Bookinfo deployments are running with sidecars');
    },
  };

  const addons: PlanStep = {
    id: 'addons',
    title: 'Install Prometheus, Grafana, Kiali and Jaeger',
    needs: ['istio'],
    observe: async () => ((await deploymentsReady(run, ISTIO_SYSTEM, ADDON_DEPLOYMENTS)) ? { state: 'done', detail: 'All four dashboards are running' } : todo),
    run: async (context) => {
      const release = run.needRelease();
      const objects = allowGrafanaEmbedding(await readAddonObjects(join(release.samplesDir, 'addons'), { addons: DEFAULT_ADDONS }));
      context.progress(`Applying ${objects.length} objects`);
      await applyObjects(run.kube(), objects, { namespace: ISTIO_SYSTEM, signal: context.signal });
      await waitForDeployments(run.kube(), { namespace: ISTIO_SYSTEM, names: ADDON_DEPLOYMENTS, signal: context.signal, stallMs: config.stallMs, onProgress: progressOf(context, 'dashboards') });
    },
  };

  const gateways: PlanStep = {
    id: 'gateways',
    title: 'Configure the gateways',
    needs: ['istio', 'injection'],
    observe: async () => todo,
    run: async (context) => {
      const release = run.needRelease();
      const { gateway } = await readBookinfo(join(release.samplesDir, 'bookinfo'), { namespace: BOOKINFO_NAMESPACE });
      const monitor = monitorGatewayObjects({ domain: config.domain }) as unknown as KubeObject[];
      const results = await applyObjects(run.kube(), [...gateway, ...monitor], { signal: context.signal, stallMs: config.stallMs });
      const changed = results.filter((r) => r.action !== 'unchanged').length;
      context.progress(changed === 0 ? 'bookinfo-gateway and monitor-gateway are in place' : `Applied bookinfo-gateway and monitor-gateway (${changed} changed)`);
    },
  };

  const verify: PlanStep = {
    id: 'verify',
    title: 'Check that it answers',
    needs: ['bookinfo', 'addons', 'gateways'],
    observe: async () => todo,
    run: async (context) => {
      const targets = [
        { label: 'Bookinfo', host: `bookinfo.${config.domain}`, path: '/productpage', expect: (body: string) => /Simple Bookstore App|Book Details/.test(body) },
        ...DASHBOARDS.map((d) => ({ label: d.name, host: dashboardHost(d.name, config.domain), path: d.basePath, expect: () => true })),
      ];
      const started = Date.now();
      let attempt = 0;
      for (const target of targets) {
        for (;;) {
          context.signal.throwIfAborted();
          const answer = await httpGet(config.httpPort, target.path, target.host, context.signal);
          if (answer.ok && target.expect(answer.body)) {
            context.log(`${target.label}: ${answer.detail} from http://${target.host}:${config.httpPort}${target.path}`);
            break;
          }
          // The gateway takes a moment to load new routes; give up only when nothing answers for the stall period.
          if (Date.now() - started > config.stallMs) {
            const what = answer.ok ? `answers ${answer.detail} but not with its page` : `does not answer (${answer.detail})`;
            throw new AppError('STALLED', `${target.label} ${what} through the gateway on 127.0.0.1:${config.httpPort}. Check \`meshdeck status\` and the istio-ingressgateway pod's logs.`, { host: target.host, port: config.httpPort });
          }
          attempt += 1;
          await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * attempt)));
        }
        context.progress(`${target.label} answers`, Math.round(((targets.indexOf(target) + 1) / targets.length) * 100));
      }
      context.progress('Bookinfo and all four dashboards answer');
    },
  };

  const steps = [preflight, kind, istioRelease, cluster, ...(kubeconfig ? [kubeconfig] : []), istio, injection, bookinfo, addons, gateways, verify];
  return { steps, close: () => run.close() };
}
