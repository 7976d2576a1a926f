import { describe, expect, it } from 'vitest';
import { AppError, type ShellOutputInfo, type ShellSessionInfo } from '../../../core/contract';
import { fakeCore, settle } from '../test-support/fake-core';
import { openStreamSession } from './stream-session';

const info: ShellSessionInfo = { sessionId: 's1', pod: 'productpage-v1-abc', container: 'productpage', command: 'bash' };

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((yes) => (resolve = yes));
  return { promise, resolve };
}

function session(core: ReturnType<typeof fakeCore>, open: () => Promise<ShellSessionInfo>) {
  const heard: string[] = [];
  const handle = openStreamSession(core.client, {
    event: 'shell:output',
    open,
    close: (opened: ShellSessionInfo) => core.client.call('shell.close', { sessionId: opened.sessionId }),
    idOf: (opened) => opened.sessionId,
    eventId: (output: ShellOutputInfo) => output.sessionId,
    earlyLimit: 2,
    opened: (opened) => heard.push(`opened ${opened.sessionId}`),
    received: (output) => heard.push(output.data ?? ''),
    caughtUp: () => heard.push('caught up'),
    failed: (error) => heard.push(`failed ${error.code}`),
  });
  return { handle, heard };
}

describe('openStreamSession', () => {
  it('keeps the newest events that beat the open, then hands on only its own, in order', async () => {
    const core = fakeCore({ 'shell.close': () => ({ sessionId: 's1', closed: true }) });
    const opening = deferred<ShellSessionInfo>();
    const { heard } = session(core, () => opening.promise);
    core.emit('shell:output', { sessionId: 's1', data: 'dropped: over the early limit' });
    core.emit('shell:output', { sessionId: 's9', data: 'not mine' });
    core.emit('shell:output', { sessionId: 's1', data: 'early' });
    opening.resolve(info);
    await settle();
    core.emit('shell:output', { sessionId: 's9', data: 'still not mine' });
    core.emit('shell:output', { sessionId: 's1', data: 'late' });
    expect(heard).toEqual(['opened s1', 'early', 'caught up', 'late']);
  });

  it('closes on the core once, also when the open answers after the pane went away', async () => {
    const core = fakeCore({ 'shell.close': () => ({ sessionId: 's1', closed: true }) });
    const opening = deferred<ShellSessionInfo>();
    const { handle, heard } = session(core, () => opening.promise);
    await handle.close();
    await handle.close();
    expect(core.listening('shell:output')).toBe(0);
    opening.resolve(info);
    await settle();
    expect(core.of('shell.close')).toEqual([{ sessionId: 's1' }]);
    expect(heard).toEqual([]);
  });

  it('has nothing to close once the core ended the stream, and reports a failed open', async () => {
    const core = fakeCore({ 'shell.close': () => ({ sessionId: 's1', closed: true }) });
    const { handle } = session(core, async () => info);
    await settle();
    handle.end();
    await handle.close();
    expect(core.of('shell.close')).toEqual([]);
    expect(handle.isOver()).toBe(true);

    const refused = session(core, async () => {
      throw new AppError('NOT_FOUND', 'No pod productpage-v1-abc.');
    });
    await settle();
    expect(refused.heard).toEqual(['failed NOT_FOUND']);
    expect(core.listening('shell:output')).toBe(0);
  });
});
