// The world's pods/exec subresource: real kubectl (one-shot commands, piped stdin, exit codes,
// a TTY through `script`), a raw WebSocket client for the channel protocol (prompt, echo,
// backspace, resize, v4/v5/channel.k8s.io status, close signal), the checks made before an
// upgrade, and the tiny shell language on its own.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { containerView } from './exec/container-view.js';
import type { ShellState } from './exec/shell-commands.js';
import { parseScript, runScript } from './exec/shell-script.js';
import { findKubectl } from './kubectl.js';
import { KubectlRunner } from './kubectl-runner.js';
import { startWorld, type KubeObject, type World } from './index.js';

const ci = process.env['CI'] === 'true';
const kubectlPath = await findKubectl().catch((error: unknown) => {
  if (ci) throw error;
  console.warn(`skipping kubectl exec tests: no kubectl >= 1.28 (${String(error)})`);
  return undefined;
});
const scriptPath = '/usr/bin/script';
const haveScript = existsSync(scriptPath);
if (!haveScript && !ci) console.warn('skipping the kubectl TTY test: util-linux `script` is not installed');

const namespace = 'shell';

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function pod(name: string, containers: { name: string; image: string; env?: { name: string; value: string }[] }[]): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec: { containers } } as KubeObject;
}

function phaseOf(world: World, name: string): string | undefined {
  return (world.store.get('/pods', namespace, name)?.['status'] as { phase?: string } | undefined)?.phase;
}

interface Frame {
  channel: number;
  data: Buffer;
}

interface ExecClient {
  ws: WebSocket;
  frames: Frame[];
  /** Channel 1 as text so far. */
  stdout(): string;
  stderr(): string;
  waitForStdout(pattern: RegExp): Promise<string>;
  send(channel: number, data: string): void;
  /** The error-channel payload; resolves when the server closes the socket. */
  closed: Promise<{ code: number; status: string | undefined }>;
}

interface Refusal {
  statusCode: number;
  body: Record<string, unknown>;
}

function execPath(podName: string, query: string): string {
  return `/api/v1/namespaces/${namespace}/pods/${podName}/exec?${query}`;
}

function connectExec(world: World, path: string, protocols: string[] = ['v5.channel.k8s.io', 'v4.channel.k8s.io'], token = world.token): Promise<ExecClient> {
  const ws = new WebSocket(`${world.serverUrl.replace(/^https/, 'wss')}${path}`, protocols, { ca: world.caPem, headers: { Authorization: `Bearer ${token}` } });
  const frames: Frame[] = [];
  const waiters = new Set<() => void>();
  const text = (channel: number): string =>
    Buffer.concat(frames.filter((f) => f.channel === channel).map((f) => f.data)).toString('utf8');
  ws.on('message', (data: Buffer) => {
    frames.push({ channel: data[0] ?? -1, data: data.subarray(1) });
    for (const w of waiters) w();
  });
  const closed = new Promise<{ code: number; status: string | undefined }>((resolve) =>
    ws.once('close', (code) => {
      const status = frames.find((f) => f.channel === 3 && f.data.length > 0);
      resolve({ code, status: status?.data.toString('utf8') });
    }),
  );
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ws,
        frames,
        stdout: () => text(1),
        stderr: () => text(2),
        closed,
        send: (channel, data) => ws.send(Buffer.concat([Buffer.from([channel]), Buffer.from(data, 'utf8')])),
        waitForStdout: (pattern) =>
          new Promise((done, fail) => {
            const check = (): void => {
              const m = pattern.exec(text(1));
              if (m) {
                waiters.delete(check);
                done(m[0]);
              }
            };
            ws.once('close', () => {
              if (!pattern.test(text(1))) fail(new Error(`the socket closed before ${String(pattern)}; stdout: ${JSON.stringify(text(1))}`));
            });
            waiters.add(check);
            check();
          }),
      }),
    );
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => reject({ statusCode: res.statusCode ?? 0, body: JSON.parse(body) as Record<string, unknown> } satisfies Refusal));
    });
    ws.once('error', (error) => reject(error));
  });
}

async function refusal(promise: Promise<ExecClient>): Promise<Refusal> {
  try {
    const client = await promise;
    client.ws.terminate();
  } catch (error) {
    return error as Refusal;
  }
  throw new Error('the exec upgrade was accepted');
}

describe('pods/exec in the world', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld();
    world.failImages(/never-pulls/);
    world.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } } as KubeObject);
    world.apply([
      pod('box', [{ name: 'main', image: 'docker.io/library/busybox:1.36', env: [{ name: 'GREETING', value: 'hello world' }] }]),
      pod('bashful', [{ name: 'app', image: 'docker.io/library/bash:5.2' }]),
      pod('duo', [
        { name: 'app', image: 'docker.io/library/busybox:1.36' },
        { name: 'helper', image: 'docker.io/library/busybox:1.36' },
      ]),
      pod('stuck', [{ name: 'app', image: 'example.invalid/never-pulls:1' }]),
    ]);
    for (const name of ['box', 'bashful', 'duo']) await until(`${name} running`, () => (phaseOf(world, name) === 'Running' ? true : undefined));
  });
  afterAll(async () => {
    await world?.stop();
  });

  describe.skipIf(!kubectlPath)('with real kubectl', () => {
    let k: KubectlRunner;
    beforeAll(() => {
      k = new KubectlRunner(kubectlPath ?? 'kubectl', world.kubeconfigPath);
    });

    it('runs env and cat, with the pod spec environment and the pod name as hostname', async () => {
      const env = await k.ok(['exec', '-n', namespace, 'box', '--', 'env']);
      expect(env.split('\n')).toEqual(expect.arrayContaining(['HOSTNAME=box', 'GREETING=hello world', 'KUBERNETES_SERVICE_HOST=10.96.0.1', 'KUBERNETES_SERVICE_PORT=443']));
      expect(await k.ok(['exec', '-n', namespace, 'box', '--', 'cat', '/etc/hostname'])).toBe('box\n');
      expect(await k.ok(['exec', '-n', namespace, 'box', '--', 'ls', '/var'])).toBe('log\nrun\n');
    });

    it('feeds piped stdin to sh and to cat, and propagates exit codes', async () => {
      const shell = await k.run(['exec', '-i', '-n', namespace, 'box', '--', 'sh'], 'echo "$GREETING" from $HOSTNAME\ncd /etc && pwd\nexit 4\n');
      expect(shell.stdout).toBe('hello world from box\n/etc\n');
      expect(shell.code).toBe(4);
      expect(shell.stderr).toContain('command terminated with exit code 4');
      // cat only ends when kubectl closes stdin (the v5 close signal).
      const cat = await k.run(['exec', '-i', '-n', namespace, 'box', '--', 'cat'], 'line one\nline two\n');
      expect(cat).toMatchObject({ code: 0, stdout: 'line one\nline two\n' });
      expect((await k.run(['exec', '-n', namespace, 'box', '--', 'sh', '-c', 'exit 3'])).code).toBe(3);
      const missing = await k.run(['exec', '-n', namespace, 'box', '--', 'cat', '/nope']);
      expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining("cat: can't open '/nope': No such file or directory") as unknown });
    });

    it('fails like containerd when bash is not installed, and runs it when the image has it', async () => {
      const bash = await k.run(['exec', '-n', namespace, 'box', '--', 'bash', '-c', 'echo hi']);
      expect(bash.code).toBe(1);
      expect(bash.stderr).toContain('exec: "bash": executable file not found in $PATH');
      expect(await k.ok(['exec', '-n', namespace, 'bashful', '--', 'bash', '-c', 'echo hi from $HOSTNAME'])).toBe('hi from bashful\n');
    });

    it('defaults to the first container, and reports unknown containers and pods like the API server', async () => {
      const defaulted = await k.run(['exec', '-n', namespace, 'duo', '--', 'hostname']);
      expect(defaulted).toMatchObject({ code: 0, stdout: 'duo\n' });
      expect(defaulted.stderr).toContain('Defaulted container "app" out of: app, helper');
      const unknown = await k.run(['exec', '-n', namespace, 'duo', '-c', 'nope', '--', 'env']);
      expect(unknown.stderr).toContain('container nope is not valid for pod duo');
      const missing = await k.run(['exec', '-n', namespace, 'ghost', '--', 'env']);
      expect(missing.stderr).toContain('pods "ghost" not found');
    });

    it.skipIf(!haveScript)('gives kubectl -it a terminal whose size reaches the container', async () => {
      const command = `stty cols 100 rows 30; ${kubectlPath ?? 'kubectl'} --kubeconfig ${world.kubeconfigPath} exec -it -n ${namespace} box -- sh`;
      const child = execFile(scriptPath, ['-qec', command, '/dev/null'], { timeout: 20_000, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp' } });
      let output = '';
      let typed = false;
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        // The prompt means kubectl has its raw terminal: type then, so the pty does not echo.
        if (!typed && output.includes('/ # ')) {
          typed = true;
          child.stdin?.write('stty size\rexit 5\r');
        }
      });
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(output).toContain('stty size\r\n30 100\r\n');
      expect(output).toContain('command terminated with exit code 5');
      expect(code).toBe(5);
    });
  });

  describe('over a raw WebSocket', () => {
    it('serves an interactive TTY sh: prompt, echo, backspace, resize, exit status', async () => {
      const client = await connectExec(world, execPath('box', 'command=sh&container=main&stdin=true&stdout=true&stderr=true&tty=true'));
      expect(client.ws.protocol).toBe('v5.channel.k8s.io');
      await client.waitForStdout(/\/ # $/);
      expect(client.frames[0]).toEqual({ channel: 1, data: Buffer.alloc(0) });
      client.send(4, JSON.stringify({ Width: 120, Height: 40 }));
      client.send(0, 'echo hx');
      client.send(0, '\x7fi\r');
      await client.waitForStdout(/hi\r\n\/ # $/);
      expect(client.stdout()).toContain('echo hx\b \bi\r\nhi\r\n');
      client.send(0, 'stty size\r');
      await client.waitForStdout(/40 120\r\n/);
      expect(world.execSessions()).toEqual([
        expect.objectContaining({ namespace, pod: 'box', container: 'main', command: ['sh'], tty: true, cols: 120, rows: 40, protocol: 'v5.channel.k8s.io' }),
      ]);
      client.send(0, 'exit 3\r');
      const end = await client.closed;
      expect(JSON.parse(end.status ?? '{}')).toEqual({
        metadata: {},
        status: 'Failure',
        message: 'command terminated with non-zero exit code: error executing command [sh], exit code 3',
        reason: 'NonZeroExitCode',
        details: { causes: [{ reason: 'ExitCode', message: '3' }] },
      });
      await until('no open sessions', () => (world.execSessions().length === 0 ? true : undefined));
    });

    it('runs `sleep N` at the prompt: no prompt until it is over, Ctrl-C ends it with 130', async () => {
      const client = await connectExec(world, execPath('box', 'command=sh&stdin=true&stdout=true&tty=true'));
      await client.waitForStdout(/# $/);
      client.send(0, 'sleep 1\r');
      await client.waitForStdout(/sleep 1\r\n\/ # $/);
      client.send(0, 'sleep 600\r');
      await client.waitForStdout(/sleep 600\r\n$/);
      client.send(0, 'ignored\x03');
      await client.waitForStdout(/sleep 600\r\n\^C\r\n\/ # $/);
      client.send(0, 'echo $?\r');
      await client.waitForStdout(/130\r\n\/ # $/);
      client.ws.close();
      await client.closed;
    });

    it('ends the session when the client closes the socket', async () => {
      const client = await connectExec(world, execPath('box', 'command=sh&stdin=true&stdout=true&tty=true'));
      await client.waitForStdout(/# $/);
      expect(world.execSessions()).toHaveLength(1);
      client.ws.close();
      await client.closed;
      await until('no open sessions', () => (world.execSessions().length === 0 ? true : undefined));
    });

    it('has bash only where the image says so, and fails without it like a TTY exec does', async () => {
      const bash = await connectExec(world, execPath('bashful', 'command=bash&stdin=true&stdout=true&tty=true'));
      await bash.waitForStdout(/root@bashful:\/# $/);
      bash.send(0, 'exit\r');
      expect(JSON.parse((await bash.closed).status ?? '{}')).toEqual({ metadata: {}, status: 'Success' });

      const missing = await connectExec(world, execPath('box', 'command=bash&stdin=true&stdout=true&tty=true'));
      const end = await missing.closed;
      expect(missing.stdout()).toBe('OCI runtime exec failed: exec failed: unable to start container process: exec: "bash": executable file not found in $PATH: unknown\r\n');
      expect(JSON.parse(end.status ?? '{}')).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '126' }] } });
    });

    it('ends a session with 137 when its container restarts or its pod is deleted', async () => {
      const restarted = await connectExec(world, execPath('box', 'command=sh&stdin=true&stdout=true&tty=true'));
      await restarted.waitForStdout(/# $/);
      world.restartContainer(namespace, 'box', 'main');
      expect(JSON.parse((await restarted.closed).status ?? '{}')).toMatchObject({ reason: 'NonZeroExitCode', details: { causes: [{ message: '137' }] } });

      world.apply(pod('doomed', [{ name: 'main', image: 'docker.io/library/busybox:1.36' }]));
      await until('doomed running', () => (phaseOf(world, 'doomed') === 'Running' ? true : undefined));
      const deleted = await connectExec(world, execPath('doomed', 'command=cat&stdin=true&stdout=true'));
      const podType = world.registry.get('', 'pods');
      if (!podType) throw new Error('the world has no pods resource');
      world.api.delete(podType, namespace, 'doomed', { gracePeriodSeconds: 0 });
      expect(JSON.parse((await deleted.closed).status ?? '{}')).toMatchObject({ details: { causes: [{ message: '137' }] } });
      await until('no open sessions', () => (world.execSessions().length === 0 ? true : undefined));
    });

    it('ends stdin on the v5 close signal and keeps stdout and stderr apart without a TTY', async () => {
      const client = await connectExec(world, execPath('box', 'command=sh&stdin=true&stdout=true&stderr=true'));
      client.send(0, 'echo out; ls /missing\n');
      client.send(255, '\x00');
      const end = await client.closed;
      expect(client.stdout()).toBe('out\n');
      expect(client.stderr()).toBe('ls: /missing: No such file or directory\n');
      expect(JSON.parse(end.status ?? '{}')).toMatchObject({ reason: 'NonZeroExitCode', details: { causes: [{ message: '1' }] } });
    });

    it('speaks v4 and channel.k8s.io too, with their status formats', async () => {
      const v4 = await connectExec(world, execPath('box', 'command=hostname&stdout=true'), ['v4.channel.k8s.io']);
      expect(v4.ws.protocol).toBe('v4.channel.k8s.io');
      expect(await v4.closed).toMatchObject({ status: '{"metadata":{},"status":"Success"}' });
      expect(v4.stdout()).toBe('box\n');
      const v1 = await connectExec(world, execPath('box', 'command=sh&command=-c&command=exit%202&stdout=true'), ['channel.k8s.io']);
      expect((await v1.closed).status).toBe('command terminated with non-zero exit code: error executing command [sh -c exit 2], exit code 2');
    });

    it('answers bad requests with a Status before upgrading', async () => {
      const stuck = await refusal(connectExec(world, execPath('stuck', 'command=sh&stdout=true')));
      expect(stuck).toMatchObject({ statusCode: 500, body: { kind: 'Status', reason: 'InternalError', message: 'container not found ("app")' } });
      expect(await refusal(connectExec(world, execPath('ghost', 'command=sh&stdout=true')))).toMatchObject({ statusCode: 404, body: { reason: 'NotFound', message: 'pods "ghost" not found' } });
      expect(await refusal(connectExec(world, execPath('duo', 'command=sh&stdout=true')))).toMatchObject({
        statusCode: 400,
        body: { message: 'a container name must be specified for pod duo, choose one of: [app helper]' },
      });
      expect(await refusal(connectExec(world, execPath('box', 'stdout=true')))).toMatchObject({ statusCode: 400, body: { message: 'you must specify at least 1 command' } });
      expect(await refusal(connectExec(world, execPath('box', 'command=sh')))).toMatchObject({ statusCode: 400, body: { message: 'you must specify at least 1 of stdin, stdout, stderr' } });
      expect(await refusal(connectExec(world, execPath('box', 'command=sh&stdout=true'), ['v3.channel.k8s.io']))).toMatchObject({ statusCode: 400, body: { message: expect.stringContaining('requested protocol(s) are not supported') as unknown } });
      expect(await refusal(connectExec(world, execPath('box', 'command=sh&stdout=true'), ['v5.channel.k8s.io'], 'wrong-token'))).toMatchObject({ statusCode: 401, body: { reason: 'Unauthorized' } });
    });

    it('refuses plain requests and SPDY upgrades with a Status', async () => {
      const send = (headers: Record<string, string>): Promise<{ statusCode: number; body: string }> =>
        new Promise((resolve, reject) => {
          const url = new URL(`${world.serverUrl}${execPath('box', 'command=sh&stdout=true')}`);
          const req = request(url, { method: 'POST', ca: world.caPem, headers: { Authorization: `Bearer ${world.token}`, ...headers } }, (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
            res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, body }));
          });
          req.on('error', reject);
          req.end();
        });
      const plain = await send({});
      expect(plain.statusCode).toBe(400);
      expect(JSON.parse(plain.body)).toMatchObject({ message: 'Upgrade request required' });
      const spdy = await send({ Connection: 'Upgrade', Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': 'v4.channel.k8s.io' });
      expect(spdy.statusCode).toBe(400);
      expect(JSON.parse(spdy.body)).toMatchObject({ kind: 'Status', message: expect.stringContaining('WebSocket only') as unknown });
    });
  });
});

describe('the world shell language', () => {
  const view = containerView({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' }, spec: { containers: [{ name: 'c', image: 'busybox', env: [{ name: 'A', value: 'x y' }] }] } } as KubeObject, 'c');

  function run(script: string): { out: string; err: string; status: number; exit: boolean } {
    const state: ShellState = { view, shell: 'sh', tty: false, cwd: '/', env: new Map(view.env), status: 0, size: () => ({ cols: 80, rows: 24 }) };
    let out = '';
    let err = '';
    const result = runScript(script, state, { out: (t) => (out += t), err: (t) => (err += t) });
    return { out, err, status: result.status, exit: result.exit ?? false };
  }

  it('quotes, expands at run time and chains with ; && ||', () => {
    expect(run(`echo 'a  $A' "b $A" c\\ d $A`).out).toBe('a  $A b x y c d x y\n');
    expect(run('false; echo $?; true && echo yes || echo no; false && echo yes || echo no').out).toBe('1\nyes\nno\n');
    expect(run('cd /etc; pwd; cd ~; pwd; cd ..; echo ${HOME}').out).toBe('/etc\n/root\n/root\n');
    expect(run('X=1; export Y=2; echo $X$Y').out).toBe('12\n');
    expect(run('# nothing here\n echo after # trailing').out).toBe('after\n');
  });

  it('exits with a code, answers unknown commands with 127 and refuses what it cannot do', () => {
    expect(run('echo before; exit 7; echo after')).toMatchObject({ out: 'before\n', status: 7, exit: true });
    expect(run('sh -c "exit 9"; echo $?')).toMatchObject({ out: '9\n', exit: false });
    expect(run('vim')).toMatchObject({ err: 'sh: vim: not found\n', status: 127 });
    expect(run('bash')).toMatchObject({ err: 'sh: bash: not found\n', status: 127 });
    expect(run('ls | wc')).toMatchObject({ status: 2, err: expect.stringContaining('not supported') as unknown });
    expect(parseScript('echo "open')).toEqual({ error: 'syntax error: unterminated quoted string' });
    expect(run('which sh ls bash')).toMatchObject({ out: '/bin/sh\n/bin/ls\n', status: 1 });
    expect(run('ls /etc /nope')).toMatchObject({ out: '/etc:\nhostname\nhosts\nos-release\nresolv.conf\n', err: 'ls: /nope: No such file or directory\n', status: 1 });
    expect(run('stty size')).toMatchObject({ err: 'stty: standard input: Not a tty\n', status: 1 });
  });
});
