// ShellSession with a scripted exec socket: the bash probe in its several real-world forms, the
// stream decoding of characters split across frames, and that nothing is emitted before release.
import { describe, expect, it } from 'vitest';
import type { ShellOutputInfo } from '../../contract';
import type { ExecListener, ExecSocket } from './exec-socket';
import { ShellSession } from './shell-session';

interface Scripted {
  listener: ExecListener;
  sent: string[];
  resizes: [number, number][];
  closed: boolean;
}

/** A connect() whose sockets the test drives by hand, one per attempted command. */
function scriptedConnect(): { connect: (command: string[], listener: ExecListener) => Promise<ExecSocket>; attempts: Map<string, Scripted> } {
  const attempts = new Map<string, Scripted>();
  return {
    attempts,
    connect: (command, listener) => {
      const scripted: Scripted = { listener, sent: [], resizes: [], closed: false };
      attempts.set(command.join(' '), scripted);
      const socket: ExecSocket = {
        protocol: 'v5.channel.k8s.io',
        stdin: (data) => scripted.sent.push(data),
        closeStdin: () => undefined,
        resize: (cols, rows) => scripted.resizes.push([cols, rows]),
        close: () => (scripted.closed = true),
      };
      return Promise.resolve(socket);
    },
  };
}

function session(events: ShellOutputInfo[], ended: { count: number } = { count: 0 }): ShellSession {
  return new ShellSession({ id: 'shell-1', pod: 'p', container: 'c', cols: 90, rows: 20, emit: (e) => events.push(e), onEnded: () => ended.count++ });
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('ShellSession', () => {
  it('swallows a missing bash reported on the terminal and keeps what sh prints for after release', async () => {
    const events: ShellOutputInfo[] = [];
    const shell = session(events);
    const { connect, attempts } = scriptedConnect();
    const bash = shell.attempt(connect, 'bash');
    await tick();
    const probe = attempts.get('bash');
    expect(probe?.resizes).toEqual([[90, 20]]);
    probe?.listener.output(1, Buffer.from(''));
    probe?.listener.output(1, Buffer.from('OCI runtime exec '));
    probe?.listener.output(1, Buffer.from('failed: exec failed: unable to start container process: exec: "bash": executable file not found in $PATH: unknown\r\n'));
    probe?.listener.ended({ code: 126 });
    expect(await bash).toBe('missing');
    expect(probe?.closed).toBe(true);

    const sh = shell.attempt(connect, 'sh');
    await tick();
    attempts.get('sh')?.listener.output(1, Buffer.from('/ # '));
    expect(await sh).toBe('started');
    // Late events of the abandoned attempt change nothing.
    probe?.listener.closed(1000);
    await tick();
    expect(events).toEqual([]);
    shell.release();
    expect(events).toEqual([{ sessionId: 'shell-1', data: '/ # ' }]);
    shell.input('ls\r');
    expect(attempts.get('sh')?.sent).toEqual(['ls\r']);
  });

  it('treats an InternalError Status without output as a missing shell too', async () => {
    const shell = session([]);
    const { connect, attempts } = scriptedConnect();
    const bash = shell.attempt(connect, 'bash');
    await tick();
    attempts.get('bash')?.listener.ended({ code: null, message: 'Internal error occurred: error executing command in container: failed to exec in container: OCI runtime exec failed: exec failed: unable to start container process: exec: "bash": executable file not found in $PATH: unknown' });
    expect(await bash).toBe('missing');
  });

  it('decodes characters split across frames and ends with the exit code', async () => {
    const events: ShellOutputInfo[] = [];
    const ended = { count: 0 };
    const shell = session(events, ended);
    const { connect, attempts } = scriptedConnect();
    const started = shell.attempt(connect, 'bash');
    await tick();
    const socket = attempts.get('bash');
    socket?.listener.output(1, Buffer.from('$ '));
    expect(await started).toBe('started');
    shell.release();
    const rocket = Buffer.from('🚀ü');
    socket?.listener.output(1, rocket.subarray(0, 1));
    socket?.listener.output(1, rocket.subarray(1, 3));
    socket?.listener.output(1, rocket.subarray(3, 5));
    socket?.listener.output(1, rocket.subarray(5));
    socket?.listener.ended({ code: 7 });
    socket?.listener.closed(1000);
    const text = events.filter((e) => e.data !== undefined).map((e) => e.data).join('');
    expect(text).toBe('$ 🚀ü');
    expect(events.at(-1)).toEqual({ sessionId: 'shell-1', exit: { code: 7 } });
    expect(ended.count).toBe(1);
    expect(shell.close()).toBe(false);
  });

  it('fails the open when the connection drops before the shell says anything', async () => {
    const shell = session([]);
    const { connect, attempts } = scriptedConnect();
    const started = shell.attempt(connect, 'bash');
    await tick();
    attempts.get('bash')?.listener.closed(1006);
    await expect(started).rejects.toMatchObject({ code: 'K8S_API', message: expect.stringContaining('closed before bash started (WebSocket code 1006)') as unknown });
  });

  it('reports a broken connection after start as an exit without a code', async () => {
    const events: ShellOutputInfo[] = [];
    const shell = session(events);
    const { connect, attempts } = scriptedConnect();
    const started = shell.attempt(connect, 'sh');
    await tick();
    attempts.get('sh')?.listener.output(1, Buffer.from('# '));
    await started;
    shell.release();
    attempts.get('sh')?.listener.closed(1006);
    expect(events.at(-1)).toEqual({ sessionId: 'shell-1', exit: { code: null, message: 'The connection to pod p closed (WebSocket code 1006).' } });
  });
});
