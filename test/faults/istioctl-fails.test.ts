// Fault: istioctl fails with a non-zero exit during `meshdeck up` (a user-chosen istioctl that
// answers its version, then fails `install` the way a real failed install prints). What the user
// sees: COMMAND_FAILED quoting istioctl's own lines; the cluster made so far stays, and `up` again
// with the managed istioctl reuses it and finishes. Docker is reached through the same kind of
// proxy as the Docker faults (DOCKER_HOST), here simply left running. And an istioctl that fails
// on the gateways once istiod is ready: the istio step (istiod) is done, istio-gateways fails.
import { createHash } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskInfo } from '../../core/contract';
import type { LabRequest } from '../../core/lab';
import { cachedIstioctlPath } from '../../core/tools';
import { createLabHarness, stepStates, type LabHarness } from '../support/lab-harness';
import { freePort } from '../support/ports';
import { hasDocker } from '../support/requirements';
import { startMirror, type Mirror } from '../world/mirror/index';
import { startDockerProxy, type DockerProxy } from './docker-proxy';


const dockerReady = await hasDocker();

/**
 * An istioctl that reports the pinned version but fails `install` as a real failed
 * install prints: progress and the error on stderr (operator/pkg/util/progress, cobra), nothing on stdout.
 */
const failingIstioctl = (managed: string) => `#!/bin/sh
if [ "$1" = "version" ]; then echo "client version: 1.30.5"; exit 0; fi
# Commands that need no cluster (manifest generate, for the lab's image list) work as the release's own.
if [ "$1" != "install" ]; then exec "${managed}" "$@"; fi
echo "✔ Istio core installed ⛵️" >&2
echo "✘ Istiod encountered an error: failed to wait for resource: resources not ready after 5m0s: context deadline exceeded" >&2
echo "  Deployment/istio-system/istiod (container failed to start: ImagePullBackOff: Back-off pulling image)" >&2
echo "Error: failed to install manifests: failed to wait for resource: resources not ready after 5m0s: context deadline exceeded" >&2
echo "  Deployment/istio-system/istiod (container failed to start: ImagePullBackOff: Back-off pulling image)" >&2
exit 1
`;

/**
 * An istioctl whose install gets istiod ready and then fails on the gateways, as a real install
 * does when a gateway's pods never become ready (its progress and error on stderr).
 */
const gatewaysFailingIstioctl = (managed: string) => `#!/bin/sh
if [ "$1" = "version" ]; then echo "client version: 1.30.5"; exit 0; fi
if [ "$1" != "install" ]; then exec "${managed}" "$@"; fi
"${managed}" "$@" || exit $?
echo "✘ Egress gateways encountered an error: failed to wait for resource: resources not ready after 5m0s: context deadline exceeded" >&2
echo "Error: failed to install manifests: failed to wait for resource: resources not ready after 5m0s: context deadline exceeded" >&2
exit 1
`;

describe.runIf(dockerReady)('fault: istioctl failing with a non-zero exit', () => {
  let dir: string;
  let mirror: Mirror;
  let proxy: DockerProxy | undefined;
  let request: LabRequest;
  let userKubeconfig: string;
  let userKubeconfigHash: string;
  const name = `istioctl-${process.pid}`;
  let harness: LabHarness;
  let lab: LabHarness['lab'];
  const hashOf = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');
  const finished = (task: TaskInfo) => harness.finished(task);

  function expectAdvice(task: TaskInfo): void {
    expect(task.error?.message).not.toMatch(/\n\s+at /);
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-fault-istioctl-'));
    mirror = await startMirror();
    const dockerHost = `unix://${join(dir, 'docker.sock')}`;
    const env = { ...process.env, DOCKER_HOST: dockerHost, MESHDECK_WORLD_STATE: join(dir, 'world'), MESHDECK_HOME: join(dir, 'home') };
    userKubeconfig = join(dir, 'user-kubeconfig');
    await writeFile(userKubeconfig, 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n');
    userKubeconfigHash = await hashOf(userKubeconfig);
    harness = createLabHarness({ dataDir: join(dir, 'home'), mirrorUrl: mirror.url, env, userKubeconfig });
    lab = harness.lab;
    request = { name, httpPort: await freePort(), httpsPort: await freePort() };
    proxy = await startDockerProxy(join(dir, 'docker.sock'));
  });

  afterAll(async () => {
    if (lab) {
      const down = await finished(lab.down({ name }));
      if (down.state !== 'succeeded') console.warn(`cleanup: down ${down.state}: ${down.error?.message}`);
    }
    await proxy?.close();
    await mirror?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 30_000);

  it('istioctl failing with a non-zero exit: COMMAND_FAILED quoting istioctl, the cluster kept', async () => {
    const istioctl = join(dir, 'istioctl-failing');
    await writeFile(istioctl, failingIstioctl(cachedIstioctlPath(join(dir, 'home'), '1.30.5')));
    await chmod(istioctl, 0o755);

    const task = await finished(lab.upWith({ ...request, istioctlPath: istioctl }));
    expect(task.state).toBe('failed');
    expect(task.error?.code).toBe('COMMAND_FAILED');
    expect(task.error?.message).toContain('istioctl could not install Istio');
    expect(task.error?.message).toContain('Istiod encountered an error');
    expect(task.error?.message).toContain('Deployment/istio-system/istiod (container failed to start: ImagePullBackOff');
    expectAdvice(task);
    expect(stepStates(task)).toMatchObject({ preflight: 'done', cluster: 'done', istio: 'failed', bookinfo: 'pending' });
    expect((await lab.status({ name })).exists).toBe(true);
  });

  it('up again: reuses the cluster and finishes; the user’s kubeconfig was never touched', async () => {
    const task = await finished(lab.upWith(request));
    expect(task.error).toBeUndefined();
    expect(task.state).toBe('succeeded');
    expect(stepStates(task)).toMatchObject({ cluster: 'reused', istio: 'done', bookinfo: 'done', verify: 'done' });
    expect(await hashOf(userKubeconfig)).toBe(userKubeconfigHash);
  });
});

describe.runIf(dockerReady)('fault: istioctl failing on the gateways, after istiod is ready', () => {
  let dir: string;
  let mirror: Mirror;
  let harness: LabHarness;
  const name = `istioctl-gw-${process.pid}`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-fault-istioctl-gw-'));
    mirror = await startMirror();
    const env = { ...process.env, MESHDECK_WORLD_STATE: join(dir, 'world'), MESHDECK_HOME: join(dir, 'home') };
    const userKubeconfig = join(dir, 'user-kubeconfig');
    await writeFile(userKubeconfig, 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n');
    harness = createLabHarness({ dataDir: join(dir, 'home'), mirrorUrl: mirror.url, env, userKubeconfig });
  });

  afterAll(async () => {
    if (harness) {
      const down = await harness.finished(harness.lab.down({ name }));
      if (down.state !== 'succeeded') console.warn(`cleanup: down ${down.state}: ${down.error?.message}`);
    }
    await mirror?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 30_000);

  it("the istio step is done with istiod; istio-gateways fails quoting istioctl, and the gateways' routes are never configured", async () => {
    const istioctl = join(dir, 'istioctl-gateways-failing');
    await writeFile(istioctl, gatewaysFailingIstioctl(cachedIstioctlPath(join(dir, 'home'), '1.30.5')));
    await chmod(istioctl, 0o755);

    const task = await harness.finished(harness.lab.upWith({ name, httpPort: await freePort(), httpsPort: await freePort(), istioctlPath: istioctl }));
    expect(task.state).toBe('failed');
    expect(task.error?.code).toBe('COMMAND_FAILED');
    expect(task.error?.message).toContain('Egress gateways encountered an error');
    expect(task.error?.message).not.toMatch(/\n\s+at /);
    expect(stepStates(task)).toMatchObject({ istio: 'done', 'istio-gateways': 'failed', gateways: 'pending', verify: 'pending' });
  });
});
