// A follow whose cluster went away ends, with a reason, instead of reconnecting forever: the test
// world's API server is held down past the bound, and a pod's follow and a workload's follow each
// end with an error that says the lab is gone and what to do; a short outage within the bound
// still resumes. Also endAll, which the core uses when it sees the lab go.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchRecorder, startLogWorld, type LogWorld } from './log-harness';

describe('log follows when the cluster goes away', () => {
  let lw: LogWorld;
  const recorders: BatchRecorder[] = [];
  const recorder = (unreachableMs: number): BatchRecorder => {
    const rec = new BatchRecorder(lw.clients, {}, { unreachableMs });
    recorders.push(rec);
    return rec;
  };

  beforeAll(async () => {
    lw = await startLogWorld({ web: 2 });
  });

  afterAll(async () => {
    for (const rec of recorders) rec.streams.closeAll();
    await lw?.stop();
  });

  it('a pod follow and a workload follow end with an error once the API server has not answered for the bound', async () => {
    const rec = recorder(1500);
    const pod = await rec.open({ target: lw.podsOf('web')[0] as string, container: 'web', follow: true, tailLines: 0 });
    const workload = await rec.open({ target: 'deploy/web', follow: true, tailLines: 0 });
    await lw.world.restartApiServer(async () => {
      await Promise.all([rec.untilEnded(pod.streamId), rec.untilEnded(workload.streamId)]);
    });
    for (const id of [pod.streamId, workload.streamId]) {
      const ended = rec.ended(id);
      expect(ended?.reason).toBe('error');
      expect(ended?.message).toMatch(/has not answered for \d+ s, so the lab's cluster is gone or stopped\. Start or create the lab again/);
    }
    expect(rec.streams.openCount()).toBe(0);
  });

  it('an outage shorter than the bound still resumes the follow', async () => {
    const rec = recorder(60_000);
    const name = lw.podsOf('web')[1] as string;
    const info = await rec.open({ target: name, container: 'web', follow: true, tailLines: 0 });
    await lw.world.restartApiServer(() => lw.world.writeLog('shop', name, 'web', 'while down'));
    await rec.untilLine(info.streamId, /^while down$/);
    expect(rec.ended(info.streamId)).toBeUndefined();
    rec.streams.endAll('The lab is gone.');
    await rec.untilEnded(info.streamId);
    expect(rec.ended(info.streamId)).toEqual({ reason: 'error', message: 'The lab is gone.' });
  });
});

describe('a workload follow whose workload is deleted', () => {
  let lw: LogWorld;
  let rec: BatchRecorder;

  beforeAll(async () => {
    lw = await startLogWorld({ web: 1, doomed: 1 });
    rec = new BatchRecorder(lw.clients);
  });

  afterAll(async () => {
    rec?.streams.closeAll();
    await lw?.stop();
  });

  it('ends with a reason once its Deployment and pods are gone (the API answers 404), not waiting for pods forever', async () => {
    const info = await rec.open({ target: 'deploy/doomed', follow: true, tailLines: 0 });
    await lw.clients.http.request('DELETE', '/apis/apps/v1/namespaces/shop/deployments/doomed', { query: { propagationPolicy: 'Foreground' } });
    // Foreground: the pods go first, the Deployment last; the follow waits for the Deployment itself.
    await rec.untilEnded(info.streamId);
    expect(rec.ended(info.streamId)).toEqual({ reason: 'error', message: expect.stringMatching(/^deploy\/doomed is gone from namespace shop \(deleted, or the lab was taken down\)/) });
    // The other workload's follow is not touched.
    const web = await rec.open({ target: 'deploy/web', follow: true, tailLines: 0 });
    expect(rec.ended(web.streamId)).toBeUndefined();
  });
});
