import { describe, expect, it } from 'vitest';
import { AppError, type Client, type MethodName, type ShellOpenRequest, type ShellOutputInfo, type ShellSessionInfo } from '../../../core/contract';
import { openShellSession } from './shell-session';

function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((yes) => (resolve = yes));
  return { promise, resolve };
}

const session: ShellSessionInfo = { sessionId: 'shell-1', pod: 'productpage-v1-6bd8f5b5d9-n7xkq', container: 'productpage', command: 'bash' };

function fakeCore(open: (request: ShellOpenRequest) => Promise<ShellSessionInfo> = async () => session) {
  const listeners = new Set<(output: ShellOutputInfo) => void>();
  const calls: [MethodName, Record<string, unknown>][] = [];
  const client: Pick<Client, 'call' | 'on'> = {
    call: (async (method: MethodName, params: Record<string, unknown>) => {
      calls.push([method, params]);
      if (method === 'shell.open') return open(params as unknown as ShellOpenRequest);
      if (method === 'shell.close') return { sessionId: params.sessionId, closed: true };
      return { sessionId: params.sessionId };
    }) as Client['call'],
    on: ((name: string, listener: (output: ShellOutputInfo) => void) => {
      if (name !== 'shell:output') return () => undefined;
      listeners.add(listener);
      return () => listeners.delete(listener);
    }) as Client['on'],
  };
  return {
    client,
    emit: (output: ShellOutputInfo) => [...listeners].forEach((listener) => listener(output)),
    listening: () => listeners.size,
    calls: (method: MethodName) => calls.filter(([name]) => name === method).map(([, params]) => params),
  };
}

const REQUEST: ShellOpenRequest = { namespace: 'bookinfo', pod: 'productpage-v1-6bd8f5b5d9-n7xkq', container: 'productpage', cols: 120, rows: 30 };

describe('openShellSession', () => {
  it('opens at the terminal size, shows output in order and sends keystrokes', async () => {
    const core = fakeCore();
    const output: string[] = [];
    const shell = openShellSession(core.client, REQUEST, { output: (data) => output.push(data) });
    await settle();
    expect(core.calls('shell.open')).toEqual([REQUEST]);
    core.emit({ sessionId: 'shell-1', data: 'root@productpage:/# ' });
    core.emit({ sessionId: 'shell-9', data: 'not mine' });
    shell.input('ls\r');
    await settle();
    expect(output).toEqual(['root@productpage:/# ']);
    expect(core.calls('shell.input')).toEqual([{ sessionId: 'shell-1', data: 'ls\r' }]);
  });

  it('keeps what came before the session was there: output, keystrokes and a new size', async () => {
    const opening = deferred<ShellSessionInfo>();
    const core = fakeCore(() => opening.promise);
    const output: string[] = [];
    const shell = openShellSession(core.client, REQUEST, { output: (data) => output.push(data) });
    core.emit({ sessionId: 'shell-1', data: '$ ' });
    shell.input('e');
    shell.input('nv\r');
    shell.resize(100, 40);
    opening.resolve(session);
    await settle();
    expect(output).toEqual(['$ ']);
    expect(core.calls('shell.resize')).toEqual([{ sessionId: 'shell-1', cols: 100, rows: 40 }]);
    expect(core.calls('shell.input')).toEqual([{ sessionId: 'shell-1', data: 'env\r' }]);
  });

  it('passes size changes on and sends a big paste in pieces the method accepts', async () => {
    const core = fakeCore();
    const shell = openShellSession(core.client, REQUEST);
    await settle();
    shell.resize(90, 20);
    const paste = 'y'.repeat(40_000);
    shell.input(paste);
    await settle();
    expect(core.calls('shell.resize')).toEqual([{ sessionId: 'shell-1', cols: 90, rows: 20 }]);
    const pieces = core.calls('shell.input').map((params) => params.data as string);
    expect(pieces.join('')).toBe(paste);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThanOrEqual(65_536);
  });

  it('reports the exit, then stops listening and sends nothing more', async () => {
    const core = fakeCore();
    const exits: unknown[] = [];
    const shell = openShellSession(core.client, REQUEST, { exited: (exit) => exits.push(exit) });
    await settle();
    core.emit({ sessionId: 'shell-1', data: 'exit\r\n', exit: { code: 0 } });
    shell.input('ignored');
    await shell.close();
    expect(exits).toEqual([{ code: 0 }]);
    expect(core.listening()).toBe(0);
    expect(core.calls('shell.input')).toEqual([]);
    expect(core.calls('shell.close')).toEqual([]);
  });

  it('closes the session on the core when the pane goes away, also when it opens too late', async () => {
    const core = fakeCore();
    const shell = openShellSession(core.client, REQUEST);
    await settle();
    await shell.close();
    expect(core.calls('shell.close')).toEqual([{ sessionId: 'shell-1' }]);

    const opening = deferred<ShellSessionInfo>();
    const late = fakeCore(() => opening.promise);
    const gone = openShellSession(late.client, REQUEST);
    await gone.close();
    opening.resolve(session);
    await settle();
    expect(late.calls('shell.close')).toEqual([{ sessionId: 'shell-1' }]);
  });

  it('says why a shell could not open', async () => {
    const core = fakeCore(async () => {
      throw new AppError('NOT_FOUND', 'Container "istio-init" of pod productpage-v1-x is not running: a shell needs a running container.');
    });
    const failures: unknown[] = [];
    openShellSession(core.client, REQUEST, { failed: (error) => failures.push(error) });
    await settle();
    expect(failures).toEqual([{ code: 'NOT_FOUND', message: 'Container "istio-init" of pod productpage-v1-x is not running: a shell needs a running container.' }]);
    expect(core.listening()).toBe(0);
  });
});
