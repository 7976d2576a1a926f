// Step "load-images": the kind node gets from the host only the images it lacks (`crictl
// images` in the node; then `docker save --platform` + `kind load image-archive`, which works
// with Docker's containerd image store where `kind load docker-image` does not). Done already
// when every node has them all. On the user's own cluster there is no kind node to load.

import { join } from 'node:path';
import { nodeHas } from '../../images';
import type { LabDeps } from '../lab-deps';
import type { LabRun } from '../lab-run';
import { NEEDS_RUN, type PlanStep } from '../plan-runner';

export function loadImagesStep(run: LabRun, deps: Pick<LabDeps, 'images' | 'kind'>): PlanStep {
  const { config } = run;
  const wanted = () => (run.images ?? []).filter((need) => need.source !== 'node').map((need) => need.ref);
  return {
    id: 'load-images',
    title: 'Load the images into the node',
    needs: ['cluster', 'images'],
    observe: async (signal) => {
      if (run.ownCluster) return { state: 'done', detail: 'Your cluster pulls its own images' };
      const images = deps.images();
      const nodes = await images.nodes(config.name, signal);
      if (nodes.length === 0) return NEEDS_RUN;
      const stores = await Promise.all(nodes.map((node) => images.nodeStore(node, signal)));
      const refs = wanted();
      return stores.every((store) => refs.every((ref) => nodeHas(store, ref))) ? { state: 'done', detail: `The node has all ${refs.length} images` } : NEEDS_RUN;
    },
    run: async (context) => {
      const images = deps.images();
      const nodes = await images.nodes(config.name, context.signal);
      const refs = wanted();
      const loaded = await images.load({
        kind: deps.kind(run.needKindPath()),
        cluster: config.name,
        nodes,
        refs,
        archivePath: join(config.labDir, 'images-for-node.tar'),
        signal: context.signal,
        log: context.log,
        onProgress: (detail) => context.progress(detail),
      });
      context.progress(loaded.length === 0 ? `The node has all ${refs.length} images` : `Loaded ${loaded.length} of ${refs.length} images into the node (it had the rest)`);
    },
  };
}
