// One world lab for a file of built-in lesson proofs: Bookinfo, the release mirror (the
// lessons' `sample:` files come from the lab's Istio release, which this lab gets from the
// mirror as `up` would have left it cached), the workshop driver and the real kubectl, run from
// the release folder as the lessons tell the attendee.
import { findKubectl } from '../world/index.js';
import { KubectlRunner } from '../world/kubectl-runner.js';
import { startMirror, type Mirror } from '../world/mirror/index.js';
import { requireIstioReference } from '../support/istio-reference';
import { startWorldLab, type WorldLab } from '../support/world-lab';
import { createWorkshopDriver, type WorkshopDriver } from './workshop-driver';

export interface PackLab {
  lab: WorldLab;
  workshop: WorkshopDriver;
  kubectl: KubectlRunner;
  stop(): Promise<void>;
}

export async function startPackLab(seed: number): Promise<PackLab> {
  const lab = await startWorldLab({ seed });
  let mirror: Mirror | undefined;
  try {
    mirror = await startMirror();
    const workshop = createWorkshopDriver({ ...lab.env, MESHDECK_MIRROR: mirror.url });
    const kubectl = new KubectlRunner(await findKubectl(), lab.world.kubeconfigPath, requireIstioReference('The attendee’s kubectl'));
    const running = mirror;
    return {
      lab,
      workshop,
      kubectl,
      async stop() {
        workshop.close();
        await running.stop();
        await lab.stop();
      },
    };
  } catch (error) {
    await mirror?.stop();
    await lab.stop();
    throw error;
  }
}
