// All pods of a workload as one stream against the test world: each line carries its source
// (pod/container), lines of different pods interleave as they are written, a pod added by
// scaling joins, a pod removed leaves with a notice, and a one-time read ends when all pods did.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../core/contract';
import { BatchRecorder, deployment, namespace, startLogWorld, type LogWorld } from './log-harness';

describe('workload logs against the world', () => {
  let lw: LogWorld;
  let rec: BatchRecorder;

  beforeAll(async () => {
    lw = await startLogWorld({ web: 2, quiet: 1 });
    rec = new BatchRecorder(lw.clients);
  });

  afterAll(async () => {
    rec?.streams.closeAll();
    await lw?.stop();
  });

  it('interleaves the pods of a deployment by source, and a scaled-up pod joins', async () => {
    const [p0, p1] = lw.podsOf('web') as [string, string];
    const info = await rec.open({ target: 'deploy/web', follow: true, tailLines: 0 });
    expect(info.sources).toEqual([
      { pod: p0, container: 'web' },
      { pod: p1, container: 'web' },
    ]);
    lw.world.writeLog(namespace, p0, 'web', 'from p0 #1');
    lw.world.writeLog(namespace, p1, 'web', 'from p1 #1');
    lw.world.writeLog(namespace, p0, 'web', 'from p0 #2');
    await rec.until(() => rec.texts(info.streamId).length === 3);
    for (const line of rec.lines(info.streamId)) expect(line.source.pod).toBe(line.text.startsWith('from p0') ? p0 : p1);
    expect(rec.lines(info.streamId).filter((l) => l.source.pod === p0).map((l) => l.text)).toEqual(['from p0 #1', 'from p0 #2']);

    lw.world.apply(deployment('web', 3));
    await rec.until(() => rec.of(info.streamId).some((b) => b.sources?.length));
    const added = rec.of(info.streamId).flatMap((b) => b.sources ?? []);
    const newcomer = lw.podsOf('web').find((p) => p !== p0 && p !== p1) as string;
    expect(added).toEqual([{ pod: newcomer, container: 'web' }]);
    expect(rec.notices(info.streamId)).toContain(`${newcomer}/web: joined`);
    lw.world.writeLog(namespace, newcomer, 'web', 'from the new pod');
    await rec.untilLine(info.streamId, /^from the new pod$/);
    expect(rec.lines(info.streamId).find((l) => l.text === 'from the new pod')?.source).toEqual({ pod: newcomer, container: 'web' });
    // A pod that joins is read from its first line, whatever tail the stream began with.
    expect(rec.lines(info.streamId).find((l) => l.source.pod === newcomer)?.text).toMatch(/Starting web/);

    lw.world.apply(deployment('web', 2));
    await rec.until(() => rec.notices(info.streamId).some((n) => n.endsWith('was deleted')));
    const left = lw.podsOf('web');
    const gone = [p0, p1, newcomer].filter((p) => !left.includes(p));
    expect(gone).toHaveLength(1);
    expect(rec.notices(info.streamId)).toContain(`${gone[0]}/web: pod ${gone[0]} was deleted`);
    expect(rec.ended(info.streamId)).toBeUndefined();
    rec.streams.close(info.streamId);
  });

  it('reads every pod once without follow, the tail counted per pod, then completes', async () => {
    const pods = lw.podsOf('web');
    for (const pod of pods) for (const n of [1, 2, 3]) lw.world.writeLog(namespace, pod, 'web', `${pod} line ${n}`);
    const info = await rec.open({ target: 'deployment/web', container: 'web', tailLines: 2 });
    await rec.untilEnded(info.streamId);
    expect(rec.ended(info.streamId)).toEqual({ reason: 'complete' });
    const got = rec.lines(info.streamId).map((l) => `${l.source.pod}|${l.text}`).sort();
    expect(got).toEqual(pods.flatMap((pod) => [`${pod}|${pod} line 2`, `${pod}|${pod} line 3`]).sort());
  });

  it('picks the same container in every pod, e.g. all the sidecars', async () => {
    const info = await rec.open({ target: 'deploy/web', container: 'istio-proxy' });
    await rec.untilEnded(info.streamId);
    expect(info.sources.map((s) => s.container)).toEqual(['istio-proxy', 'istio-proxy']);
    const perPod = new Set(rec.lines(info.streamId).filter((l) => l.text.includes('Envoy proxy is ready')).map((l) => l.source.pod));
    expect([...perPod].sort()).toEqual(lw.podsOf('web'));
  });

  it('says when a workload has nothing to show, and refuses one that does not exist', async () => {
    lw.world.apply(deployment('quiet', 0));
    await vi.waitFor(() => expect(lw.podsOf('quiet')).toEqual([]), { timeout: 10_000 });
    const empty = await rec.open({ target: 'deploy/quiet' });
    await rec.untilEnded(empty.streamId);
    expect(rec.notices(empty.streamId)).toEqual(['deploy/quiet has no pods']);
    expect(rec.ended(empty.streamId)).toEqual({ reason: 'complete' });

    const missing = await rec.open({ target: 'deploy/nope' }).catch((err: unknown) => err);
    expect(missing).toBeInstanceOf(AppError);
    expect((missing as AppError).code).toBe('NOT_FOUND');
    expect((missing as AppError).message).toContain('There is no deploy/nope in namespace shop');
    expect(rec.streams.openCount()).toBe(0);
  });
});
