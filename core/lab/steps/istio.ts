// Steps "istio" and "istio-gateways": `istioctl install` with the demo profile and MeshDeck's
// overlay (the ingress gateway on the node ports kind maps to the host), beside a watch until
// istiod is ready (then Bookinfo can be injected), and then until both gateways are: the watch's
// stall verdict (with its diagnosis) stops istioctl, whose own readiness timeout is only a
// distant backstop. Done already when they are.

import { istioOverlay, renderIstioOverlay } from '../../istio';
import { DEPLOYMENT, getObject, NAMESPACE, waitForDeployments } from '../../kube';
import { ISTIO_SYSTEM } from '../lab-config';
import type { LabDeps } from '../lab-deps';
import { ISTIO_DEPLOYMENTS, ISTIO_GATEWAY_DEPLOYMENTS, ISTIOD_DEPLOYMENT } from '../lab-deployments';
import type { LabRun } from '../lab-run';
import { NEEDS_RUN, type PlanStep } from '../plan-runner';
import { deploymentProgress, deploymentsReady, kindImageLoad } from './deployments';

/** Writes the lab's IstioOperator overlay (demo profile, the ingress gateway on the lab's node ports); resolves with its path. */
export function writeIstioOverlay(run: LabRun): Promise<string> {
  const { config } = run;
  return run.writeLabFile('istio-overlay.yaml', renderIstioOverlay(istioOverlay({ profile: 'demo', httpNodePort: config.httpNodePort, httpsNodePort: config.httpsNodePort })));
}

/** `istioctl install --readiness-timeout`: at least an hour, and four stall windows. */
export function istioReadinessBackstopMs(stallMs: number): number {
  return Math.max(60 * 60_000, 4 * stallMs);
}

export function istioStep(run: LabRun, deps: Pick<LabDeps, 'istioctl'>): PlanStep {
  const { config } = run;
  return {
    id: 'istio',
    title: 'Install Istio',
    needs: ['cluster', 'istio-release', 'load-istio-images'],
    observe: async () => ((await deploymentsReady(run, ISTIO_SYSTEM, ISTIO_DEPLOYMENTS)) ? { state: 'done', detail: 'istiod and both gateways are running' } : NEEDS_RUN),
    run: async (context) => {
      const release = run.needRelease();
      const overlayPath = await writeIstioOverlay(run);
      if (run.installed) {
        // On the user's own cluster, down uninstalls Istio only if MeshDeck installed it: no istiod before this install.
        const [istiod, namespace] = await Promise.all([getObject(run.kube(), DEPLOYMENT, ISTIO_SYSTEM, 'istiod', context.signal), getObject(run.kube(), NAMESPACE, undefined, ISTIO_SYSTEM, context.signal)]);
        if (!istiod) await run.installed.istio(!namespace);
      }
      const installingDetail = `istioctl install (demo profile, Istio ${release.version})`;
      context.progress(installingDetail);
      // istioctl gives up after --readiness-timeout (300 s by default) even while pods still pull
      // their images; a generous backstop leaves the verdict to our own stall watch.
      const readinessTimeoutMs = istioReadinessBackstopMs(config.stallMs);
      const installer = new AbortController();
      const watcher = new AbortController();
      let firstLine = (): void => undefined;
      const spoke = new Promise<void>((resolve) => (firstLine = resolve));
      const installing = deps.istioctl(release.istioctl).install({
        overlayPath, readinessTimeoutMs, kubeconfigPath: config.kubeconfigPath, context: config.context, signal: AbortSignal.any([context.signal, installer.signal]),
        onLine: (line) => {
          firstLine();
          context.log(line);
        },
      });
      // Until istioctl reports its first component (the CRDs and namespace of "Istio core") there
      // is nothing to schedule or pull, so no stall to see: the watch's clock starts then (or when
      // istioctl ends, whichever comes first). On two loaded cores the CRDs alone can take seconds.
      const begun = Promise.race([spoke, installing.then(() => undefined, () => undefined)]);
      // istioctl installs istiod, waits for it, then the gateways (operator's component order):
      // this step is done with istiod, so that Bookinfo's injected pods can start while the
      // gateways come up; istio-gateways waits for the rest of the install.
      const watching = begun.then(() => waitForDeployments(run.kube(), { namespace: ISTIO_SYSTEM, names: [ISTIOD_DEPLOYMENT], signal: AbortSignal.any([context.signal, watcher.signal]), stallMs: config.stallMs, ...kindImageLoad(run), onProgress: (ready, total) => context.progress(ready === total ? 'istiod is ready' : `${installingDetail}: waiting for istiod`, null) }));
      await settleSideBySide(installing, watching, installer, watcher, true);
      // Settled here or not at all: its failure is istio-gateways' to report, never unhandled.
      installing.catch(() => undefined);
      run.istioInstall = { finished: installing, stop: () => installer.abort() };
      context.progress('istiod is ready; istioctl goes on with the gateways');
    },
  };
}

/** Step "istio-gateways": the rest of `istioctl install`, the ingress and egress gateways ready. */
export function istioGatewaysStep(run: LabRun): PlanStep {
  const { config } = run;
  return {
    id: 'istio-gateways',
    title: "Start Istio's gateways",
    needs: ['istio'],
    observe: async () => ((await deploymentsReady(run, ISTIO_SYSTEM, ISTIO_GATEWAY_DEPLOYMENTS)) && !run.istioInstall ? { state: 'done', detail: 'Both gateways are running' } : NEEDS_RUN),
    run: async (context) => {
      const install = run.istioInstall;
      const watcher = new AbortController();
      const watching = waitForDeployments(run.kube(), { namespace: ISTIO_SYSTEM, names: ISTIO_GATEWAY_DEPLOYMENTS, signal: AbortSignal.any([context.signal, watcher.signal]), stallMs: config.stallMs, ...kindImageLoad(run), onProgress: deploymentProgress(context, 'gateways') });
      if (!install) {
        await watching;
        return;
      }
      // A stalled watch stops istioctl; istioctl's failure wins over the watch's.
      await settleSideBySide(install.finished, watching, { abort: () => install.stop() }, watcher);
    },
  };
}

/**
 * istioctl and the watch run side by side. istioctl's failure wins (it says what failed); a
 * stalled watch stops istioctl and explains the stall; otherwise the watch must finish, and
 * istioctl too unless it is left to go on (`untilWatched`).
 */
async function settleSideBySide(installing: Promise<void>, watching: Promise<void>, installer: Pick<AbortController, 'abort'>, watcher: Pick<AbortController, 'abort'>, untilWatched = false): Promise<void> {
  const first = await Promise.race([
    installing.then(() => ({ from: 'install' as const }), (error: unknown) => ({ from: 'install' as const, error })),
    watching.then(() => ({ from: 'watch' as const }), (error: unknown) => ({ from: 'watch' as const, error })),
  ]);
  if (first.from === 'install' && 'error' in first) {
    watcher.abort();
    await watching.catch(() => undefined);
    throw first.error;
  }
  if (first.from === 'watch' && 'error' in first) {
    installer.abort();
    await installing.catch(() => undefined);
    throw first.error;
  }
  await (untilWatched ? watching : Promise.all([installing, watching]));
}
