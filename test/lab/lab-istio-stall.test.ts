// istiod's image fails to pull while `istioctl install` runs: MeshDeck's own stall watch, not
// istioctl's readiness timeout (300 s by default, raised to a backstop of an hour), ends the
// Istio step with STALLED naming the pull failure, istiod's image and the exact `kind load`
// command; istioctl is stopped. The kind stand-in's cluster is created with
// MESHDECK_WORLD_FAIL_IMAGES matching the pilot image.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { TaskInfo } from '../../core/contract';
import { stepStates } from '../support/lab-harness';
import { stallingLab } from '../support/stalling-lab';
import { hasDocker } from '../support/requirements';
import { freePort } from '../support/ports';

const dockerReady = await hasDocker();
const PILOT = '/pilot:';


describe.runIf(dockerReady)('istiod that cannot pull its image during istioctl install', () => {
  const lab = stallingLab('istio-stall', PILOT);
  const name = lab.name;
  const finished = (task: TaskInfo) => lab.harness().finished(task);

  it('stalls the Istio step with STALLED from its own watch, and stops istioctl', async () => {
    const task = await finished(lab.harness().lab.upWith({ name, httpPort: await freePort(), httpsPort: await freePort() }));
    expect(task.state).toBe('failed');
    // STALLED is the watch's verdict; istioctl's own failure would be COMMAND_FAILED.
    expect(task.error?.code).toBe('STALLED');
    expect(stepStates(task)).toMatchObject({ cluster: 'done', istio: 'failed', bookinfo: 'pending' });
    expect(task.error?.message).toContain('istiod');
    expect(task.error?.message).toMatch(/ImagePullBackOff|ErrImagePull/);
    expect(task.error?.message).toMatch(/`docker pull \S*\/pilot:\S* && \S*\/kind\S* load docker-image \S*\/pilot:\S* --name istio-stall-\d+`/);
    // istioctl was at work (its progress lines reach the step's log) and had not given up itself.
    const log = (task.steps ?? []).find((step) => step.id === 'istio')?.logTail ?? [];
    expect(log).toContain('✔ Istio core installed ⛵️');
    expect(log.join('\n')).not.toContain('encountered an error');
    const running = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n');
    expect(running.filter((args) => args.includes('istioctl') && args.includes(lab.dir()))).toEqual([]);
  });
});
