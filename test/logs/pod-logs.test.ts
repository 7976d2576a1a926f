// One pod's log through LogStreams against the test world: targets, follow, tail, since,
// timestamps, the container picker (app, istio-proxy, init), previous instances, and what a
// followed stream does when its container restarts or its pod goes away.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../core/contract';
import { BatchRecorder, namespace, startLogWorld, type LogWorld } from './log-harness';

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('pod logs against the world', () => {
  let lw: LogWorld;
  let rec: BatchRecorder;
  let web: string;
  const urls: string[] = [];

  beforeAll(async () => {
    lw = await startLogWorld({ web: 1, crash: 1, flaky: 1, brief: 1 }, { onRequest: (entry) => urls.push(entry.url) });
    rec = new BatchRecorder(lw.clients);
    web = lw.podsOf('web')[0] as string;
    lw.world.writeLog(namespace, web, 'web', 'old-1');
    lw.world.writeLog(namespace, web, 'web', 'old-2');
  });

  afterAll(async () => {
    rec?.streams.closeAll();
    await lw?.stop();
  });

  it('lists pods with app, sidecar and init containers, and the deployment that owns them', async () => {
    const targets = await rec.streams.targets();
    expect(targets.namespace).toBe(namespace);
    const pod = targets.pods.find((p) => p.name === web);
    expect(pod).toMatchObject({ namespace, phase: 'Running', ready: true, workload: 'deploy/web' });
    // Istio 1.30 on the world's 1.36 node: istio-proxy is a native sidecar, after istio-init.
    expect(pod?.containers).toEqual([
      { name: 'web', kind: 'app', restartCount: 0, hasPrevious: false },
      { name: 'istio-init', kind: 'init', restartCount: 0, hasPrevious: false },
      { name: 'istio-proxy', kind: 'init', sidecar: true, restartCount: 0, hasPrevious: false },
    ]);
    expect(targets.workloads.find((w) => w.ref === 'deploy/web')).toEqual({ ref: 'deploy/web', namespace, pods: [web] });
    expect(targets.workloads.map((w) => w.ref)).toEqual(['deploy/brief', 'deploy/crash', 'deploy/flaky', 'deploy/web']);
  });

  it('follows: the tail asked for, then each new line as a batch', async () => {
    const info = await rec.open({ target: web, container: 'web', follow: true, tailLines: 1 });
    expect(info).toMatchObject({ namespace, target: web, sources: [{ pod: web, container: 'web' }] });
    expect(info.streamId).toMatch(/^[a-z0-9-]{1,64}$/);
    await rec.untilLine(info.streamId, /^old-2$/);
    lw.world.writeLog(namespace, web, 'web', 'fresh line');
    await rec.untilLine(info.streamId, /^fresh line$/);
    lw.world.writeLog(namespace, web, 'web', 'and another');
    await rec.untilLine(info.streamId, /^and another$/);
    expect(rec.texts(info.streamId)).toEqual(['old-2', 'fresh line', 'and another']);
    expect(rec.of(info.streamId).map((b) => b.seq)).toEqual(rec.of(info.streamId).map((_, i) => i + 1));
    expect(rec.early).toEqual([]);
    expect(rec.streams.close(info.streamId)).toBe(true);
    expect(rec.ended(info.streamId)).toEqual({ reason: 'closed' });
    expect(rec.streams.close(info.streamId)).toBe(false);
  });

  it('reads without following: all lines, the last N, none — then ends as complete', async () => {
    const all = await rec.open({ target: `pod/${web}`, container: 'web' });
    await rec.untilEnded(all.streamId);
    expect(rec.ended(all.streamId)).toEqual({ reason: 'complete' });
    const lines = rec.texts(all.streamId);
    expect(lines[0]).toMatch(/Starting web \(image example\.test\/shop\/web:1\.0\)/);
    expect(lines.slice(-4)).toEqual(['old-1', 'old-2', 'fresh line', 'and another']);

    const two = await rec.open({ target: web, container: 'web', tailLines: 2 });
    await rec.untilEnded(two.streamId);
    expect(rec.texts(two.streamId)).toEqual(['fresh line', 'and another']);

    const none = await rec.open({ target: web, container: 'web', tailLines: 0 });
    await rec.untilEnded(none.streamId);
    expect(rec.lines(none.streamId)).toEqual([]);
    expect(rec.ended(none.streamId)).toEqual({ reason: 'complete' });
    expect(rec.streams.openCount()).toBe(0);
  });

  it('passes since to the API server and shows what it returns', async () => {
    const recent = await rec.open({ target: web, container: 'web', sinceSeconds: 3600 });
    await rec.untilEnded(recent.streamId);
    expect(rec.texts(recent.streamId).slice(-2)).toEqual(['fresh line', 'and another']);
    const asked = urls.filter((u) => u.includes(`/pods/${web}/log`) && u.includes('sinceSeconds=3600'));
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('timestamps=true');
    expect(asked[0]).not.toContain('tailLines');
  });

  it('shows timestamps only when asked, as the API writes them', async () => {
    const plain = await rec.open({ target: web, container: 'web', tailLines: 1 });
    const stamped = await rec.open({ target: web, container: 'web', tailLines: 1, timestamps: true });
    await rec.untilEnded(plain.streamId);
    await rec.untilEnded(stamped.streamId);
    expect(rec.texts(plain.streamId)).toEqual(['and another']);
    expect(rec.texts(stamped.streamId)).toEqual([expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z and another$/)]);
  });

  it('picks containers: istio-proxy, the init container, the default one with kubectl note', async () => {
    const proxy = await rec.open({ target: web, container: 'istio-proxy' });
    const init = await rec.open({ target: web, container: 'istio-init' });
    const chosen = await rec.open({ target: web, tailLines: 1 });
    await Promise.all([proxy, init, chosen].map((s) => rec.untilEnded(s.streamId)));
    expect(rec.texts(proxy.streamId).join('\n')).toContain('Envoy proxy is ready');
    expect(proxy.sources).toEqual([{ pod: web, container: 'istio-proxy' }]);
    expect(rec.texts(init.streamId).join('\n')).toContain('Istio iptables environment:');
    expect(init.sources).toEqual([{ pod: web, container: 'istio-init' }]);
    // Following a container that already finished shows its log and ends, saying why.
    const finishedInit = await rec.open({ target: web, container: 'istio-init', follow: true });
    await rec.untilEnded(finishedInit.streamId);
    expect(rec.ended(finishedInit.streamId)).toEqual({ reason: 'complete' });
    expect(rec.texts(finishedInit.streamId)).toEqual(rec.texts(init.streamId));
    expect(rec.notices(finishedInit.streamId)).toEqual([expect.stringMatching(new RegExp(`^${web}/istio-init: container terminated \\(`))]);
    expect(chosen.sources).toEqual([{ pod: web, container: 'web' }]);
    // Istio's injector names the default container, so kubectl would not remark on the choice.
    expect(rec.notices(chosen.streamId)).toEqual([]);
    expect(rec.texts(chosen.streamId)).toEqual(['and another']);
    const duo = await rec.open({ target: 'duo' });
    await rec.untilEnded(duo.streamId);
    expect(duo.sources).toEqual([{ pod: 'duo', container: 'first' }]);
    expect(rec.notices(duo.streamId)).toEqual(['Defaulted container "first" out of: first, second']);
  });

  it('refuses what cannot be read with a code and a way forward, and leaves nothing open', async () => {
    const wrong = await rejection(rec.open({ target: web, container: 'nope' }));
    expect(wrong.code).toBe('INVALID_ARGUMENT');
    expect(wrong.message).toContain('Choose one of: web; init containers: istio-init, istio-proxy');
    const missing = await rejection(rec.open({ target: 'pod/no-such-pod' }));
    expect(missing.code).toBe('NOT_FOUND');
    const noPrevious = await rejection(rec.open({ target: web, container: 'web', previous: true }));
    expect(noPrevious.code).toBe('INVALID_ARGUMENT');
    expect(noPrevious.message).toContain('previous terminated container "web"');
    expect((await rejection(rec.open({ target: 'rs/web' }))).code).toBe('INVALID_ARGUMENT');
    expect((await rejection(rec.open({ target: web, tailLines: -3 }))).code).toBe('INVALID_ARGUMENT');
    expect(rec.streams.openCount()).toBe(0);
    await vi.waitFor(() => expect(lw.world.openLogStreams()).toBe(0), { timeout: 5000 });
  });

  it('reads the previous instance once the container restarted', async () => {
    const crash = lw.podsOf('crash')[0] as string;
    lw.world.writeLog(namespace, crash, 'crash', 'before the restart');
    lw.world.restartContainer(namespace, crash, 'crash');
    lw.world.writeLog(namespace, crash, 'crash', 'after the restart');
    const targets = await rec.streams.targets();
    expect(targets.pods.find((p) => p.name === crash)?.containers[0]).toEqual({ name: 'crash', kind: 'app', restartCount: 1, hasPrevious: true });

    const previous = await rec.open({ target: crash, container: 'crash', previous: true, follow: true });
    const current = await rec.open({ target: crash, container: 'crash' });
    await rec.untilEnded(previous.streamId);
    await rec.untilEnded(current.streamId);
    expect(rec.ended(previous.streamId)).toEqual({ reason: 'complete' });
    expect(rec.texts(previous.streamId)).toContain('before the restart');
    expect(rec.texts(previous.streamId)).not.toContain('after the restart');
    expect(rec.texts(current.streamId)).toContain('after the restart');
    expect(rec.texts(current.streamId)).not.toContain('before the restart');
  });

  it('goes on with the new instance when a followed container restarts, and says so', async () => {
    const flaky = lw.podsOf('flaky')[0] as string;
    const info = await rec.open({ target: flaky, container: 'flaky', follow: true, tailLines: 0 });
    lw.world.writeLog(namespace, flaky, 'flaky', 'first life');
    await rec.untilLine(info.streamId, /^first life$/);
    lw.world.restartContainer(namespace, flaky, 'flaky');
    lw.world.writeLog(namespace, flaky, 'flaky', 'second life');
    await rec.untilLine(info.streamId, /^second life$/);
    expect(rec.notices(info.streamId)).toEqual([`${flaky}/flaky: container restarted (restart 1); following the new instance`]);
    const texts = rec.texts(info.streamId);
    expect(texts.filter((t) => /life$/.test(t))).toEqual(['first life', 'second life']);
    // The new instance is read from its start: its startup lines come before the new line.
    expect(texts.slice(1).some((t) => t.includes('Starting flaky'))).toBe(true);
    rec.streams.close(info.streamId);
  });

  it('ends a followed stream when its pod is deleted, with a notice', async () => {
    const brief = lw.podsOf('brief')[0] as string;
    const info = await rec.open({ target: brief, container: 'brief', follow: true, tailLines: 0 });
    lw.world.writeLog(namespace, brief, 'brief', 'still here');
    await rec.untilLine(info.streamId, /^still here$/);
    await lw.clients.http.request('DELETE', `/api/v1/namespaces/${namespace}/pods/${brief}`, { query: { gracePeriodSeconds: '0' } });
    await rec.untilEnded(info.streamId);
    expect(rec.ended(info.streamId)).toEqual({ reason: 'complete' });
    expect(rec.notices(info.streamId)).toEqual([`${brief}/brief: pod ${brief} was deleted`]);
    expect(rec.streams.openCount()).toBe(0);
  });
});
