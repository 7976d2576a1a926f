// Steps "node-image" and "images": the host's Docker gets what the lab runs before the cluster
// needs it. The node image first (kind creates the cluster from it), then, beside the cluster's
// creation, every image the lab applies (core/images' inventory). Pulls go through
// MESHDECK_IMAGE_MIRROR when set; offline, what the host lacks is named instead. The host keeps
// them, so down + up pulls nothing. On the user's own cluster the cluster pulls its own images.

import { labImageInventory, type PullProgress } from '../../images';
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

/** The lab's images from what it applies, once per run (the load-images step reads them too). */
async function inventory(run: LabRun, deps: Pick<LabDeps, 'istioctl'>, signal: AbortSignal) {
  const release = run.needRelease();
  run.images ??= await labImageInventory({ release, overlayPath: await writeIstioOverlay(run), istioctl: deps.istioctl(release.istioctl), nodeImage: run.config.nodeImage, signal });
  return run.images;
}

export function imagesStep(run: LabRun, deps: Pick<LabDeps, 'images' | 'istioctl'>): PlanStep {
  // The node image has a step of its own; this one pulls everything the cluster will run.
  const toPull = async (signal: AbortSignal) => (await inventory(run, deps, signal)).filter((need) => need.source !== 'node').map((need) => need.ref);
  return {
    id: 'images',
    title: "Pull the lab's images",
    needs: ['preflight', 'istio-release'],
    observe: async (signal) => {
      if (run.ownCluster) return { state: 'done', detail: OWN_CLUSTER };
      const refs = await toPull(signal);
      const found = await deps.images().host.inspect(refs, signal);
      return refs.every((ref) => found.get(ref)) ? { state: 'done', detail: `All ${refs.length} images are on this machine` } : NEEDS_RUN;
    },
    run: async (context) => {
      const refs = await toPull(context.signal);
      const pulled = await deps.images().host.pull(refs, pullOptions(run, context));
      context.progress(`All ${refs.length} images are on this machine (${pulled.length} pulled)`);
    },
  };
}
