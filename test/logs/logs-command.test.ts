// `meshdeck logs` against the test world, side by side with the real kubectl on the same pods:
// the same flags print the same lines; a workload prints all its pods prefixed like
// `kubectl logs --prefix`; following stops, and its server-side streams end, on the signal. The
// command talks to a real core over the in-process bridge, as `meshdeck logs` does.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runLogsCommand } from '../../core/cli/logs-command';
import { startClusterCore, type ClusterCore } from '../cli/cluster-core';
import { findKubectl } from '../world/index';
import { KubectlRunner } from '../world/kubectl-runner';
import { namespace, startLogWorld, type LogWorld } from './log-harness';
import { capture } from '../support/captured-stream';


describe('meshdeck logs against the world, beside kubectl', () => {
  let lw: LogWorld;
  let core: ClusterCore;
  let kubectl: KubectlRunner;
  let pods: string[];

  async function ours(words: string[], signal = new AbortController().signal): Promise<{ code: number; stdout: string; stderr: string }> {
    const out = capture();
    const err = capture();
    const code = await runLogsCommand(['-n', namespace, ...words], { client: core.client, out: out.stream, err: err.stream, signal });
    return { code, stdout: out.text(), stderr: err.text() };
  }

  beforeAll(async () => {
    lw = await startLogWorld({ web: 2 });
    core = await startClusterCore({ kubeconfigPath: lw.world.kubeconfigPath, context: lw.world.contextName, namespace });
    kubectl = new KubectlRunner(await findKubectl(), lw.world.kubeconfigPath);
    pods = lw.podsOf('web');
    for (const pod of pods) for (const n of [1, 2, 3]) lw.world.writeLog(namespace, pod, 'web', `${pod} says ${n}`);
    const second = pods[1] as string;
    lw.world.restartContainer(namespace, second, 'web');
    lw.world.writeLog(namespace, second, 'web', 'after the restart');
  });

  afterAll(async () => {
    await core?.close();
    await lw?.stop();
  });

  it.each([
    ['the default container', (p: string[]) => [p[0]]],
    ['the first of two containers, with kubectl note', () => ['duo']],
    ['a container by -c with --tail', (p: string[]) => [p[0], '-c', 'istio-proxy', '--tail=3']],
    ['--tail N --timestamps', (p: string[]) => [p[0], '--tail', '2', '--timestamps']],
    ['an init container named inline', (p: string[]) => [`pod/${p[0]}`, 'istio-init']],
    ['--since', (p: string[]) => [p[0], '--since=1h']],
    ['the previous instance', (p: string[]) => [p[1], '-p', '-c', 'web']],
    ['the current instance after a restart', (p: string[]) => [p[1], '-c', 'web', '--tail=-1']],
  ])('prints what kubectl prints for %s', async (_name, words) => {
    const args = words(pods) as string[];
    const mine = await ours(args);
    const theirs = await kubectl.run(['-n', namespace, 'logs', ...args]);
    expect(theirs.code).toBe(0);
    expect(mine.code).toBe(0);
    expect(mine.stdout).toBe(theirs.stdout);
    expect(mine.stdout.length).toBeGreaterThan(0);
    expect(mine.stderr).toBe(theirs.stderr);
  });

  it('fails like kubectl for a container the pod does not have, saying which it has', async () => {
    const mine = await ours([pods[0] as string, '-c', 'nope']);
    const theirs = await kubectl.run(['-n', namespace, 'logs', pods[0] as string, '-c', 'nope']);
    expect(theirs.code).toBe(1);
    expect(mine.code).toBe(1);
    expect(mine.stdout).toBe('');
    expect(mine.stderr).toContain('has no container "nope". Choose one of: web; init containers: istio-init, istio-proxy');
    expect((await ours(['x', '--since=forever'])).code).toBe(2);
    expect((await ours(['no-such-pod'])).stderr).toContain('not found');
  });

  it.each([
    ['a workload whose pods lack the container', ['deploy/web', '-c', 'nope'], /The pods of deploy\/web in shop have no container "nope"\. Choose one of: web, istio-init, istio-proxy\./],
    ['a pod with no previous instance', (p: string[]) => [p[0], '-p'], /previous terminated container/],
    ['a workload with no previous instance', ['deploy/web', '-p', '-c', 'istio-proxy'], /No pod of deploy\/web in shop has a previous terminated instance of container "istio-proxy"/],
  ] as [string, string[] | ((p: string[]) => string[]), RegExp][])('fails like kubectl (exit 1) for %s', async (_name, words, message) => {
    const args = typeof words === 'function' ? words(pods) : words;
    const mine = await ours(args);
    expect(mine.code, mine.stderr).toBe(1);
    expect(mine.stdout).toBe('');
    expect(mine.stderr).toMatch(message);
    const json = await ours([...args, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
  });

  it('prints every pod of a deployment prefixed like kubectl logs --prefix', async () => {
    const mine = await ours(['deploy/web', '--tail=2']);
    const theirs = await kubectl.run(['-n', namespace, 'logs', '-l', 'app=web', '--prefix', '--tail=2']);
    expect(mine.code).toBe(0);
    const sorted = (text: string): string[] => text.split('\n').filter(Boolean).sort();
    expect(sorted(mine.stdout)).toEqual(sorted(theirs.stdout));
    expect(sorted(mine.stdout)).toContain(`[pod/${pods[1]}/web] after the restart`);
    const unprefixed = await ours(['deploy/web', '--tail=1', '--prefix=false']);
    expect(sorted(unprefixed.stdout)).toEqual(['after the restart', `${pods[0]} says 3`].sort());
  });

  it('follows until Ctrl+C, then ends its server-side streams and exits 130', async () => {
    const out = capture();
    const err = capture();
    const controller = new AbortController();
    const running = runLogsCommand(['deploy/web', '-f', '--tail', '0', '-n', namespace], { client: core.client, out: out.stream, err: err.stream, signal: controller.signal });
    await vi.waitFor(() => expect(lw.world.openLogStreams()).toBe(2), { timeout: 10_000 });
    lw.world.writeLog(namespace, pods[0] as string, 'web', 'live line');
    await out.until(/live line/);
    expect(out.text()).toBe(`[pod/${pods[0]}/web] live line\n`);
    controller.abort();
    expect(await running).toBe(130);
    await vi.waitFor(() => expect(lw.world.openLogStreams()).toBe(0), { timeout: 10_000 });
  });
});
