// Steps "node-image", "istio-images" and "app-images": the host's Docker gets what the lab runs
// before the cluster needs it. The node image first (kind creates the cluster from it), then,
// beside the cluster's creation, every image the lab applies (core/images' inventory) in two
// batches: Istio's first, so that Istio can be loaded and installed while the pulls of Bookinfo,
// the addons and the curl client go on. Pulls go through MESHDECK_IMAGE_MIRROR when set; offline,
// what the host lacks is named instead. The host keeps them, so down + up pulls nothing. On the
// user's own cluster the cluster pulls its own images.

import { labImageInventory, type ImageNeed, type PullProgress } from '../../images';
import type { LabStepId } from '../../contract';
import type { LabDeps } from '../lab-deps';
import type { LabRun } from '../lab-run';
import { NEEDS_RUN, type PlanStep, type StepContext } from '../plan-runner';
import { writeIstioOverlay } from './istio';

const OWN_CLUSTER = 'Your cluster pulls its own images';

/** "412 of 1,930 MB · 6 of 15 images", and the percent of bytes known so far. */
export function describePull(progress: PullProgress): { detail: string; percent: number | null } {
  const mb = (bytes: number) => Math.round(bytes / 1e6).toLocaleString('en-US');
  const images = `${progress.imagesDone} of ${progress.imagesTotal} images`;
  if (progress.bytesTotal === 0) return { detail: `Pulling · ${images}`, percent: null };
  return { detail: `${mb(progress.bytesDone)} of ${mb(progress.bytesTotal)} MB · ${images}`, percent: Math.min(99, Math.floor((progress.bytesDone / progress.bytesTotal) * 100)) };
}

function pullOptions(run: LabRun, context: StepContext) {
  return {
    mirror: run.config.imageMirror,
    offline: run.config.offline,
    signal: context.signal,
    log: context.log,
    onProgress: (progress: PullProgress) => {
      const { detail, percent } = describePull(progress);
      context.progress(detail, percent);
    },
  };
}

/** The node image as the host's Docker names it (a mirror pull of a pinned ref is found by a tag of the same digest). */
async function localNodeImage(run: LabRun, deps: Pick<LabDeps, 'images'>, signal: AbortSignal): Promise<string | undefined> {
  const found = (await deps.images().host.inspect([run.config.nodeImage], signal)).get(run.config.nodeImage);
  return found?.localName;
}

export function nodeImageStep(run: LabRun, deps: Pick<LabDeps, 'images'>): PlanStep {
  const image = run.config.nodeImage;
  return {
    id: 'node-image',
    title: 'Pull the kind node image',
    needs: ['preflight'],
    observe: async (signal) => {
      if (run.ownCluster) return { state: 'done', detail: 'Your cluster has its own nodes' };
      run.nodeImage = await localNodeImage(run, deps, signal);
      return run.nodeImage ? { state: 'done', detail: `${image} is on this machine` } : NEEDS_RUN;
    },
    run: async (context) => {
      context.progress(`Pulling ${image}`);
      await deps.images().host.pull([image], pullOptions(run, context));
      run.nodeImage = await localNodeImage(run, deps, context.signal);
      context.progress(`${image} is on this machine`);
    },
  };
}

/** The lab's images from what it applies, once per run (the pull and load steps share it). */
async function inventory(run: LabRun, deps: Pick<LabDeps, 'istioctl'>, signal: AbortSignal): Promise<ImageNeed[]> {
  const release = run.needRelease();
  run.images ??= writeIstioOverlay(run)
    .then((overlayPath) => labImageInventory({ release, overlayPath, istioctl: deps.istioctl(release.istioctl), nodeImage: run.config.nodeImage, signal }))
    .catch((error: unknown) => {
      // A cancelled or failed inventory is asked again by the next step or run.
      run.images = undefined;
      throw error;
    });
  return run.images;
}

/** The two batches the lab's images are pulled and loaded in: Istio's, then the rest. */
export type ImageBatch = 'istio' | 'app';

/** The refs of one batch (the node image is neither: kind runs it, no pod does). */
export async function batchRefs(run: LabRun, deps: Pick<LabDeps, 'istioctl'>, batch: ImageBatch, signal: AbortSignal): Promise<string[]> {
  const needs = await inventory(run, deps, signal);
  return needs.filter((need) => need.source !== 'node' && (need.source === 'istio') === (batch === 'istio')).map((need) => need.ref);
}

function pullStep(run: LabRun, deps: Pick<LabDeps, 'images' | 'istioctl'>, step: { id: LabStepId; title: string; needs: LabStepId[]; batch: ImageBatch }): PlanStep {
  return {
    id: step.id,
    title: step.title,
    needs: step.needs,
    observe: async (signal) => {
      if (run.ownCluster) return { state: 'done', detail: OWN_CLUSTER };
      const refs = await batchRefs(run, deps, step.batch, signal);
      const found = await deps.images().host.inspect(refs, signal);
      return refs.every((ref) => found.get(ref)) ? { state: 'done', detail: `All ${refs.length} images are on this machine` } : NEEDS_RUN;
    },
    run: async (context) => {
      const refs = await batchRefs(run, deps, step.batch, context.signal);
      const pulled = await deps.images().host.pull(refs, pullOptions(run, context));
      context.progress(`All ${refs.length} images are on this machine (${pulled.length} pulled)`);
    },
  };
}

export function istioImagesStep(run: LabRun, deps: Pick<LabDeps, 'images' | 'istioctl'>): PlanStep {
  return pullStep(run, deps, { id: 'istio-images', title: "Pull Istio's images", needs: ['preflight', 'istio-release'], batch: 'istio' });
}

/** After Istio's: those get every pull lane first, since the Istio install waits for them. */
export function appImagesStep(run: LabRun, deps: Pick<LabDeps, 'images' | 'istioctl'>): PlanStep {
  return pullStep(run, deps, { id: 'app-images', title: 'Pull the images of Bookinfo and the dashboards', needs: ['istio-images'], batch: 'app' });
}
