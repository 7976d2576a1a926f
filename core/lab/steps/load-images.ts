// Steps "load-istio-images" and "load-app-images": the kind node gets from the host only the
// images it lacks (`crictl images` in the node; then `docker save --platform` + `kind load
// image-archive`, which works with Docker's containerd image store where `kind load docker-image`
// does not), in the batches they were pulled in: Istio's as soon as they and the cluster are
// there, the rest while Istio installs. Done already when every node has them all. On the user's
// own cluster there is no kind node to load.

import { join } from 'node:path';
import type { LabStepId } from '../../contract';
import { nodeHas } from '../../images';
import type { LabDeps } from '../lab-deps';
import type { LabRun } from '../lab-run';
import { NEEDS_RUN, type PlanStep } from '../plan-runner';
import { batchRefs, type ImageBatch } from './images';

/** What a load did: "Loaded 1 of 12 images into the node (it had the rest)", "Loaded all 2 images into the node". */
export function loadedDetail(loaded: number, total: number): string {
  if (loaded === 0) return `The node has all ${total} images`;
  return loaded === total ? `Loaded all ${total} images into the node` : `Loaded ${loaded} of ${total} images into the node (it had the rest)`;
}

function loadStep(run: LabRun, deps: Pick<LabDeps, 'images' | 'kind' | 'istioctl'>, step: { id: LabStepId; title: string; needs: LabStepId[]; batch: ImageBatch }): PlanStep {
  const { config } = run;
  return {
    id: step.id,
    title: step.title,
    needs: step.needs,
    observe: async (signal) => {
      if (run.ownCluster) return { state: 'done', detail: 'Your cluster pulls its own images' };
      const images = deps.images();
      const nodes = await images.nodes(config.name, signal);
      if (nodes.length === 0) return NEEDS_RUN;
      const [stores, refs] = await Promise.all([Promise.all(nodes.map((node) => images.nodeStore(node, signal))), batchRefs(run, deps, step.batch, signal)]);
      return stores.every((store) => refs.every((ref) => nodeHas(store, ref))) ? { state: 'done', detail: `The node has all ${refs.length} images` } : NEEDS_RUN;
    },
    run: async (context) => {
      const images = deps.images();
      const [nodes, refs] = await Promise.all([images.nodes(config.name, context.signal), batchRefs(run, deps, step.batch, context.signal)]);
      const loaded = await images.load({
        kind: deps.kind(run.needKindPath()),
        cluster: config.name,
        nodes,
        refs,
        archivePath: join(config.labDir, `images-for-node-${step.batch}.tar`),
        signal: context.signal,
        log: context.log,
        onProgress: (detail) => context.progress(detail),
      });
      context.progress(loadedDetail(loaded.length, refs.length));
    },
  };
}

/** Istio's images, which the Istio install waits for. */
export function loadIstioImagesStep(run: LabRun, deps: Pick<LabDeps, 'images' | 'kind' | 'istioctl'>): PlanStep {
  return loadStep(run, deps, { id: 'load-istio-images', title: "Load Istio's images into the node", needs: ['cluster', 'istio-images'], batch: 'istio' });
}

/** The rest, after Istio's (one load into a node at a time), while Istio installs; Bookinfo and the addons wait for them. */
export function loadAppImagesStep(run: LabRun, deps: Pick<LabDeps, 'images' | 'kind' | 'istioctl'>): PlanStep {
  return loadStep(run, deps, { id: 'load-app-images', title: 'Load the images of Bookinfo and the dashboards into the node', needs: ['app-images', 'load-istio-images'], batch: 'app' });
}
