// The one-click plan (DESIGN "The one-click plan") as a list of steps, one file each under
// steps/: each observes the real world first and only does what is missing, so `up` after a crash
// or a cancel continues where it stopped. Nothing here sleeps or polls the API server (waits are
// watches; only the verify step retries). What the steps share lives in one LabRun.

import type { LabConfig } from './lab-config';
import type { LabDeps } from './lab-deps';
import { LabRun } from './lab-run';
import type { PlanStep } from './plan-runner';
import { addonsStep } from './steps/addons';
import { bookinfoStep } from './steps/bookinfo';
import { clusterStep } from './steps/cluster';
import { gatewaysStep } from './steps/gateways';
import { appImagesStep, istioImagesStep, nodeImageStep } from './steps/images';
import { injectionStep } from './steps/injection';
import { istioGatewaysStep, istioStep } from './steps/istio';
import { istioReleaseStep } from './steps/istio-release';
import { kindStep } from './steps/kind';
import { kubeconfigStep } from './steps/kubeconfig';
import { loadAppImagesStep, loadIstioImagesStep } from './steps/load-images';
import { preflightStep } from './steps/preflight';
import { verifyStep } from './steps/verify';

export type { LabDeps } from './lab-deps';

/** The plan's steps in display order (each names what it needs); close() when the run is over. */
export function labPlan(config: LabConfig, deps: LabDeps): { steps: PlanStep[]; close(): void } {
  const run = new LabRun(config);
  const kubeconfig = kubeconfigStep(run, deps);
  const steps = [
    preflightStep(run, deps),
    kindStep(run, deps),
    istioReleaseStep(run, deps),
    nodeImageStep(run, deps),
    clusterStep(run, deps),
    istioImagesStep(run, deps),
    appImagesStep(run, deps),
    ...(kubeconfig ? [kubeconfig] : []),
    loadIstioImagesStep(run, deps),
    loadAppImagesStep(run, deps),
    istioStep(run, deps),
    istioGatewaysStep(run),
    injectionStep(run),
    bookinfoStep(run, deps),
    addonsStep(run),
    gatewaysStep(run),
    verifyStep(run),
  ];
  return { steps, close: () => run.close() };
}
