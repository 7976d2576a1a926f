// The life of a log stream against the test world's API server, which counts the log streams it
// serves: closing (one stream, a workload's, all) ends them server-side; a viewer that stops
// acknowledging is treated as gone; a flood the viewer cannot keep up with is dropped
// oldest-first with a count, within fixed caps; an API server restart mid-follow resumes from
// the last line without repeating one.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BatchRecorder, namespace, startLogWorld, type LogWorld } from './log-harness';

describe('log stream lifecycle against the world', () => {
  let lw: LogWorld;
  let web: string;
  const recorders: BatchRecorder[] = [];
  const recorder = (...args: ConstructorParameters<typeof BatchRecorder> extends [unknown, ...infer R] ? R : never): BatchRecorder => {
    const rec = new BatchRecorder(lw.clients, ...args);
    recorders.push(rec);
    return rec;
  };
  const serverStreams = async (count: number): Promise<void> => vi.waitFor(() => expect(lw.world.openLogStreams()).toBe(count), { timeout: 10_000 });

  beforeAll(async () => {
    lw = await startLogWorld({ web: 2 });
    web = lw.podsOf('web')[0] as string;
  });

  afterAll(async () => {
    for (const rec of recorders) rec.streams.closeAll();
    await lw?.stop();
  });

  it('closing a stream, a workload stream or all of them ends the server-side streams', async () => {
    const rec = recorder();
    const one = await rec.open({ target: web, container: 'web', follow: true, tailLines: 0 });
    expect(lw.world.openLogStreams()).toBe(1);
    const all = await rec.open({ target: 'deploy/web', follow: true, tailLines: 0 });
    await serverStreams(3);
    expect(rec.streams.openCount()).toBe(2);
    expect(rec.streams.close(one.streamId)).toBe(true);
    expect(rec.streams.openCount()).toBe(1);
    await serverStreams(2);
    rec.streams.close(all.streamId);
    await serverStreams(0);
    expect(rec.ended(all.streamId)).toEqual({ reason: 'closed' });

    await rec.open({ target: web, container: 'istio-proxy', follow: true, tailLines: 0 });
    await rec.open({ target: 'deploy/web', follow: true, tailLines: 0 });
    await serverStreams(3);
    rec.streams.closeAll();
    expect(rec.streams.openCount()).toBe(0);
    await serverStreams(0);
  });

  it('closes a stream whose viewer stopped acknowledging, and its server-side stream', async () => {
    const rec = recorder({ ackTimeoutMs: 300 });
    rec.autoAck = false;
    const info = await rec.open({ target: web, container: 'web', follow: true, tailLines: 0 });
    lw.world.writeLog(namespace, web, 'web', 'nobody reads this');
    await rec.untilEnded(info.streamId);
    expect(rec.ended(info.streamId)).toEqual({ reason: 'closed', message: expect.stringContaining('acknowledged nothing') });
    expect(rec.texts(info.streamId)).toEqual(['nobody reads this']);
    expect(rec.streams.openCount()).toBe(0);
    await serverStreams(0);
  });

  it('drops the oldest lines of a burst the viewer is behind on, and says exactly how many', async () => {
    const rec = recorder({ maxInFlight: 1, maxBufferedLines: 200 });
    rec.autoAck = false;
    const info = await rec.open({ target: web, container: 'web', follow: true, tailLines: 0 });
    lw.world.writeLog(namespace, web, 'web', 'start');
    await rec.untilLine(info.streamId, /^start$/);
    for (let i = 0; i < 1000; i++) lw.world.writeLog(namespace, web, 'web', `burst ${i}`);
    await vi.waitFor(() => {
      const stats = rec.streams.stats(info.streamId);
      expect((stats?.bufferedLines ?? 0) + (stats?.droppedLines ?? 0)).toBe(1000);
    }, { timeout: 10_000 });
    expect(rec.streams.stats(info.streamId)).toMatchObject({ bufferedLines: 200, droppedLines: 800, inFlight: 1 });
    expect(rec.of(info.streamId)).toHaveLength(1);

    rec.autoAck = true;
    rec.streams.ack(info.streamId, 1);
    await rec.untilLine(info.streamId, /^burst 999$/);
    const batches = rec.of(info.streamId);
    expect(batches[1]?.dropped).toBe(800);
    expect(batches.reduce((n, b) => n + (b.dropped ?? 0), 0)).toBe(800);
    expect(rec.texts(info.streamId)).toEqual(['start', ...Array.from({ length: 200 }, (_, i) => `burst ${800 + i}`)]);
    rec.streams.close(info.streamId);
  });

  it('holds a steady flood within its caps while the viewer is stalled', async () => {
    const rec = recorder({ maxInFlight: 1, maxBufferedLines: 500, maxBufferedChars: 32 * 1024 });
    rec.autoAck = false;
    const info = await rec.open({ target: web, container: 'istio-proxy', follow: true, tailLines: 0 });
    lw.world.setLogRate(20_000);
    try {
      await vi.waitFor(() => expect(rec.streams.stats(info.streamId)?.droppedLines ?? 0).toBeGreaterThan(2000), { timeout: 20_000 });
      const stats = rec.streams.stats(info.streamId);
      expect(stats?.bufferedChars).toBeLessThanOrEqual(32 * 1024);
      expect(stats?.bufferedLines).toBeLessThanOrEqual(500);
      rec.streams.ack(info.streamId, 1);
      await rec.until(() => rec.of(info.streamId).length >= 2);
      expect(rec.of(info.streamId)[1]?.dropped).toBeGreaterThan(2000);
    } finally {
      lw.world.setLogRate(0);
      rec.streams.close(info.streamId);
    }
  });

  it('resumes after an API server restart mid-follow: no line twice, none lost, the break shown', async () => {
    const rec = recorder();
    const other = lw.podsOf('web')[1] as string;
    const info = await rec.open({ target: other, container: 'web', follow: true, tailLines: 0 });
    lw.world.writeLog(namespace, other, 'web', 'a1');
    lw.world.writeLog(namespace, other, 'web', 'same');
    lw.world.writeLog(namespace, other, 'web', 'same');
    await rec.until(() => rec.texts(info.streamId).length === 3);
    // Lines written while the server is down can only arrive through the resumed request.
    await lw.world.restartApiServer(() => {
      lw.world.writeLog(namespace, other, 'web', 'b1');
      lw.world.writeLog(namespace, other, 'web', 'same');
    });
    await rec.until(() => rec.notices(info.streamId).some((n) => n.includes('reconnected after')));
    await rec.untilLine(info.streamId, /^b1$/);
    lw.world.writeLog(namespace, other, 'web', 'after the reconnect');
    await rec.untilLine(info.streamId, /^after the reconnect$/);
    expect(rec.texts(info.streamId)).toEqual(['a1', 'same', 'same', 'b1', 'same', 'after the reconnect']);
    const notices = rec.notices(info.streamId);
    expect(notices[0]).toMatch(new RegExp(`^${other}/web: lost the connection to the API server \\(.+\\); reconnecting$`));
    expect(notices[1]).toMatch(new RegExp(`^${other}/web: reconnected after \\d+\\.\\ds$`));
    expect(notices).toHaveLength(2);
    await serverStreams(1);
    rec.streams.close(info.streamId);
    await serverStreams(0);
  });
});

describe('a resume after the log was rotated', () => {
  let lw: LogWorld;
  let rec: BatchRecorder;

  beforeAll(async () => {
    lw = await startLogWorld({ web: 1 }, { logRetention: { lines: 5 } });
    rec = new BatchRecorder(lw.clients);
  });

  afterAll(async () => {
    rec?.streams.closeAll();
    await lw?.stop();
  });

  it('shows the gap when lines were rotated away while the connection was down', async () => {
    const pod = lw.podsOf('web')[0] as string;
    const info = await rec.open({ target: pod, container: 'web', follow: true, tailLines: 0 });
    for (const n of [1, 2, 3]) lw.world.writeLog(namespace, pod, 'web', `a${n}`);
    await rec.untilLine(info.streamId, /^a3$/);
    await lw.world.restartApiServer(async () => {
      // A later millisecond than a3, so the rotated log starts strictly after the last line shown.
      const a3 = Date.now();
      await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(a3));
      for (let n = 1; n <= 8; n++) lw.world.writeLog(namespace, pod, 'web', `b${n}`);
    });
    await rec.untilLine(info.streamId, /^b8$/);
    expect(rec.texts(info.streamId)).toEqual(['a1', 'a2', 'a3', 'b4', 'b5', 'b6', 'b7', 'b8']);
    const gap = rec.notices(info.streamId).find((n) => n.includes('may be missing'));
    expect(gap).toMatch(new RegExp(`^${pod}/web: lines between \\S+Z and \\S+Z may be missing: the log was rotated while the connection was down$`));
    // The gap notice comes in the batch that starts with b4, before it.
    const batch = rec.of(info.streamId).find((b) => b.notices?.includes(gap as string));
    expect(batch?.chunks[0]?.text.split('\n')[0]).toBe('b4');
  });
});
