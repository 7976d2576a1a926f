// Written log lines are retained per container within a cap, and the log options still mean what
// the kubelet makes them mean over what is retained: tailLines, sinceSeconds, timestamps, follow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type KubeObject, type World } from './index.js';

let world: World;
let pod: KubeObject;

function running(obj: KubeObject | undefined): boolean {
  const statuses = (obj?.['status'] as { containerStatuses?: { state?: { running?: object } }[] } | undefined)?.containerStatuses ?? [];
  return statuses.length > 0 && statuses.every((s) => s.state?.running);
}

async function runningPod(namespace: string, name: string): Promise<KubeObject> {
  const now = world.store.get('/pods', namespace, name);
  if (running(now)) return now!;
  return new Promise((resolve) => {
    const unsubscribe = world.store.subscribe((event) => {
      if (event.typeKey === '/pods' && event.object.metadata.name === name && running(event.object)) {
        unsubscribe();
        resolve(event.object);
      }
    });
  });
}

/** A reader that always keeps up and collects the text. */
function collector(onEnd: (text: string) => void = () => {}) {
  const reader = {
    text: '',
    write: (chunk: string) => ((reader.text += chunk), true),
    end: () => onEnd(reader.text),
    once: () => reader,
  };
  return reader;
}

function read(options: Parameters<World['logs']['open']>[1]): Promise<string> {
  return new Promise((resolve) => {
    world.logs.open(pod, options).pipe(collector(resolve));
  });
}

beforeAll(async () => {
  // No generated lines, so only what the test writes is in the log; a small cap to reach quickly.
  world = await startWorld({ logLinesPerSecond: 0, logRetention: { lines: 1_000, bytes: 64 * 1024 } });
  world.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'chatty', namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'busybox' }] } });
  pod = await runningPod('default', 'chatty');
});

afterAll(async () => {
  await world?.stop();
});

const startup = (text: string): string[] => text.split('\n').filter((l) => l && !l.startsWith('written '));

describe('pod log retention', () => {
  it('keeps at most the cap of written lines, the newest ones', async () => {
    for (let i = 0; i < 5_000; i++) world.writeLog('default', 'chatty', 'app', `written ${i}`);
    const all = (await read({})).split('\n').filter((l) => l.startsWith('written '));
    expect(all).toHaveLength(1_000);
    expect(all[0]).toBe('written 4000');
    expect(all.at(-1)).toBe('written 4999');
  });

  it('stays within the byte budget with long lines', async () => {
    const long = 'y'.repeat(500);
    for (let i = 0; i < 1_000; i++) world.writeLog('default', 'chatty', 'app', `written ${i} ${long}`);
    const text = await read({});
    const written = text.split('\n').filter((l) => l.startsWith('written '));
    expect(Buffer.byteLength(written.join('\n'))).toBeLessThanOrEqual(64 * 1024);
    expect(written.at(-1)).toBe(`written 999 ${long}`);
    expect(written.length).toBe(Math.floor((64 * 1024) / Buffer.byteLength(`written 999 ${long}\n`)));
    expect(startup(text)).toEqual([]);
  });

  it('answers tailLines, sinceSeconds and timestamps over what is retained', async () => {
    for (let i = 0; i < 2_000; i++) world.writeLog('default', 'chatty', 'app', `written ${i}`);
    expect((await read({ tailLines: 3 })).split('\n')).toEqual(['written 1997', 'written 1998', 'written 1999', '']);
    expect(await read({ tailLines: 0 })).toBe('');
    expect((await read({ tailLines: 50_000 })).split('\n').filter(Boolean)).toHaveLength(1_000);
    expect(await read({ tailLines: 1, timestamps: true })).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z written 1999\n$/);
    // Every retained line is newer than a minute; none is newer than "now" plus a minute.
    expect((await read({ sinceSeconds: 60 })).split('\n').filter(Boolean)).toHaveLength(1_000);
    expect(await read({ sinceTime: new Date(Date.now() + 60_000).toISOString() })).toBe('');
  });

  it('follows new lines after the tail, still bounded', async () => {
    let ended = false;
    const reader = collector(() => (ended = true));
    const stop = world.logs.open(pod, { follow: true, tailLines: 1 }).pipe(reader);
    for (let i = 0; i < 3_000; i++) world.writeLog('default', 'chatty', 'app', `followed ${i}`);
    stop();
    const lines = reader.text.split('\n').filter(Boolean);
    expect(lines[0]).toBe('written 1999');
    expect(lines).toHaveLength(3_001);
    expect(lines.at(-1)).toBe('followed 2999');
    expect(ended).toBe(true);
    const retained = (await read({})).split('\n').filter(Boolean);
    expect(retained).toHaveLength(1_000);
    expect(retained[0]).toBe('followed 2000');
  });
});
