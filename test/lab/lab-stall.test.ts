// An image that fails to pull stalls the plan with its reason: the kind stand-in's cluster is
// created with MESHDECK_WORLD_FAIL_IMAGES matching Bookinfo's reviews-v2 image, so its pods sit
// in ErrImagePull/ImagePullBackOff and the Bookinfo wait gives up after `stallMs` of no change.
import { describe, expect, it } from 'vitest';
import type { TaskInfo } from '../../core/contract';
import { stepStates } from '../support/lab-harness';
import { stallingLab } from '../support/stalling-lab';
import { hasDocker } from '../support/requirements';
import { freePort } from '../support/ports';

const dockerReady = await hasDocker();
const REVIEWS_V2 = 'examples-bookinfo-reviews-v2';


describe.runIf(dockerReady)('an image that fails to pull', () => {
  const lab = stallingLab('stall', REVIEWS_V2);
  const name = lab.name;
  const finished = (task: TaskInfo) => lab.harness().finished(task);

  it('stalls the Bookinfo step with STALLED, naming the pull failure and the image', async () => {
    const task = await finished(lab.harness().lab.upWith({ name, httpPort: await freePort(), httpsPort: await freePort() }));
    expect(task.state).toBe('failed');
    expect(task.error?.code).toBe('STALLED');
    expect(stepStates(task)).toMatchObject({ cluster: 'done', istio: 'done', bookinfo: 'failed', verify: 'pending' });
    expect(task.error?.message).toMatch(/ImagePullBackOff|ErrImagePull/);
    expect(task.error?.message).toContain(REVIEWS_V2);
    expect(task.error?.message).not.toMatch(/reviews-v[13]|ratings-v1|details-v1|productpage-v1/);
    // The advice is a command to paste: the managed kind binary and this cluster's name.
    expect(task.error?.message).toMatch(new RegExp(`\`docker pull \\S*${REVIEWS_V2}\\S* && \\S*/kind\\S* load docker-image \\S*${REVIEWS_V2}\\S* --name ${name}\``));
  });
});
