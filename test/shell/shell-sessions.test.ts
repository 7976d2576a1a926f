// ShellSessions against the test world's exec subresource: bash-then-sh fallback without the
// runtime's error showing, typing, resize reaching the container, exit codes, closing, the
// container choice and the errors a user can cause. Everything goes through a real WebSocket
// to the world's API server with the kubeconfig's credentials.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, type ShellOutputInfo } from '../../core/contract';
import { createKubeClients, ShellSessions, type KubeClients } from '../../core/kube';
import { startWorld, type KubeObject, type World } from '../world/index.js';

const namespace = 'shells';

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Collects shell:output events and waits for what a session prints. */
class Screen {
  readonly events: ShellOutputInfo[] = [];
  private readonly waiters = new Set<() => void>();

  readonly emit = (out: ShellOutputInfo): void => {
    this.events.push(out);
    for (const w of this.waiters) w();
  };

  text(sessionId: string): string {
    return this.events
      .filter((e) => e.sessionId === sessionId && e.data !== undefined)
      .map((e) => e.data)
      .join('');
  }

  exitOf(sessionId: string): ShellOutputInfo['exit'] {
    return this.events.find((e) => e.sessionId === sessionId && e.exit)?.exit;
  }

  waitFor(sessionId: string, pattern: RegExp): Promise<void> {
    return this.until(() => pattern.test(this.text(sessionId)), `${String(pattern)} in ${JSON.stringify(this.text(sessionId))}`);
  }

  waitForExit(sessionId: string): Promise<NonNullable<ShellOutputInfo['exit']>> {
    return this.until(() => this.exitOf(sessionId) !== undefined, `the end of ${sessionId}`).then(() => this.exitOf(sessionId) ?? { code: null });
  }

  private until(done: () => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, 10_000);
      const check = (): void => {
        if (!done()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
      check();
    });
  }
}

function pod(name: string, containers: { name: string; image: string }[], annotations?: Record<string, string>, initContainers?: { name: string; image: string; restartPolicy?: string }[]): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, ...(annotations ? { annotations } : {}) }, spec: { containers, ...(initContainers ? { initContainers } : {}) } } as KubeObject;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('ShellSessions against the world', () => {
  let world: World;
  let clients: KubeClients;
  let screen: Screen;
  let shells: ShellSessions;

  beforeAll(async () => {
    world = await startWorld();
    world.failImages(/never-pulls/);
    world.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } } as KubeObject);
    world.apply([
      pod('box', [{ name: 'main', image: 'docker.io/library/busybox:1.36' }]),
      pod('bashful', [{ name: 'app', image: 'docker.io/library/bash:5.2' }]),
      pod('meshed', [
        { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.30.3' },
        { name: 'reviews', image: 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.3' },
      ]),
      // Istio's native sidecar shape, as kube-inject writes it for a 1.33+ node.
      pod('meshed-native', [{ name: 'reviews', image: 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.3' }], undefined, [
        { name: 'istio-init', image: 'docker.io/istio/proxyv2:1.30.3' },
        { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.30.3', restartPolicy: 'Always' },
      ]),
      pod('annotated', [
        { name: 'first', image: 'docker.io/library/busybox:1.36' },
        { name: 'second', image: 'docker.io/library/busybox:1.36' },
      ], { 'kubectl.kubernetes.io/default-container': 'second' }),
      pod('stuck', [{ name: 'app', image: 'example.invalid/never-pulls:1' }]),
    ]);
    for (const name of ['box', 'bashful', 'meshed', 'meshed-native', 'annotated']) {
      await until(`${name} running`, () => ((world.store.get('/pods', namespace, name)?.['status'] as { phase?: string } | undefined)?.phase === 'Running' ? true : undefined));
    }
    clients = createKubeClients({ kubeconfig: world.kubeconfigPath, context: world.contextName });
    screen = new Screen();
    shells = new ShellSessions({ clients: () => Promise.resolve(clients), emit: screen.emit, defaultNamespace: namespace });
  });
  afterAll(async () => {
    shells?.closeAll();
    clients?.close();
    await world?.stop();
  });

  it('falls back to sh without showing the missing bash, types, resizes and exits with the code', async () => {
    const info = await shells.open({ pod: 'box', cols: 100, rows: 30 });
    // Nothing reaches the viewer before it knows the session id.
    expect(screen.events.filter((e) => e.sessionId === info.sessionId)).toEqual([]);
    expect(info).toEqual({ sessionId: expect.stringMatching(/^shell-[a-z0-9-]+$/) as unknown, pod: 'box', container: 'main', command: 'sh' });
    expect(shells.openCount()).toBe(1);
    await screen.waitFor(info.sessionId, /\/ # $/);
    expect(screen.text(info.sessionId)).toBe('/ # ');
    // The bash attempt is gone; the initial size reached the sh session.
    const [session] = await until('only the sh session, sized, in the world', () => {
      const sessions = world.execSessions();
      return sessions.length === 1 && sessions[0]?.command[0] === 'sh' && sessions[0].resizes > 0 ? sessions : undefined;
    });
    expect(session).toMatchObject({ pod: 'box', container: 'main', tty: true, cols: 100, rows: 30 });

    shells.input(info.sessionId, 'echo hi\r');
    await screen.waitFor(info.sessionId, /echo hi\r\nhi\r\n\/ # $/);

    shells.resize(info.sessionId, 120, 40);
    shells.input(info.sessionId, 'stty size\r');
    await screen.waitFor(info.sessionId, /stty size\r\n40 120\r\n/);
    expect(world.execSessions()[0]).toMatchObject({ cols: 120, rows: 40, resizes: 2 });

    shells.input(info.sessionId, 'exit 3\r');
    expect(await screen.waitForExit(info.sessionId)).toEqual({ code: 3 });
    expect(shells.openCount()).toBe(0);
    await until('no world sessions', () => (world.execSessions().length === 0 ? true : undefined));
    const gone = (() => {
      try {
        shells.input(info.sessionId, 'ls\r');
      } catch (error) {
        return error as AppError;
      }
      return undefined;
    })();
    expect(gone).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('close() ends the session in the world, once', async () => {
    const info = await shells.open({ pod: 'box', container: 'main', cols: 80, rows: 24 });
    await screen.waitFor(info.sessionId, /# $/);
    expect(shells.close(info.sessionId)).toBe(true);
    expect(shells.openCount()).toBe(0);
    expect(screen.exitOf(info.sessionId)).toEqual({ code: null, message: 'The shell was closed.' });
    await until('no world sessions', () => (world.execSessions().length === 0 ? true : undefined));
    expect(shells.close(info.sessionId)).toBe(false);
  });

  it('uses bash when the container has it, and exits 0 on a plain exit', async () => {
    const info = await shells.open({ pod: 'bashful', cols: 80, rows: 24 });
    expect(info.command).toBe('bash');
    await screen.waitFor(info.sessionId, /^root@bashful:\/# $/);
    shells.input(info.sessionId, 'echo $TERM on $HOSTNAME\r');
    await screen.waitFor(info.sessionId, /xterm on bashful\r\n/);
    shells.input(info.sessionId, 'exit\r');
    expect(await screen.waitForExit(info.sessionId)).toEqual({ code: 0 });
  });

  it('reports the end of a shell whose container restarts under it', async () => {
    const info = await shells.open({ pod: 'box', cols: 80, rows: 24 });
    await screen.waitFor(info.sessionId, /# $/);
    world.restartContainer(namespace, 'box', 'main');
    expect(await screen.waitForExit(info.sessionId)).toEqual({ code: 137 });
    expect(shells.openCount()).toBe(0);
  });

  it('reports a dropped connection (API server restart) as an end without exit code', async () => {
    const info = await shells.open({ pod: 'box', cols: 80, rows: 24 });
    await screen.waitFor(info.sessionId, /# $/);
    await world.restartApiServer();
    expect(await screen.waitForExit(info.sessionId)).toEqual({ code: null, message: expect.stringMatching(/^The connection to pod box closed \(WebSocket code \d+\)\.$/) as unknown });
    expect(shells.openCount()).toBe(0);
    await until('no world sessions', () => (world.execSessions().length === 0 ? true : undefined));
  });

  it('keeps multi-byte characters whole', async () => {
    const info = await shells.open({ pod: 'box', cols: 80, rows: 24 });
    shells.input(info.sessionId, 'echo "grüße ✓ 🚀"\r');
    await screen.waitFor(info.sessionId, /\r\ngrüße ✓ 🚀\r\n/);
    expect(screen.text(info.sessionId)).not.toContain('\uFFFD');
    shells.close(info.sessionId);
  });

  it('picks the container like kubectl: annotation, else the first that is not istio-proxy', async () => {
    const meshed = await shells.open({ pod: 'meshed', cols: 80, rows: 24 });
    expect(meshed.container).toBe('reviews');
    const annotated = await shells.open({ namespace, pod: 'annotated', cols: 80, rows: 24 });
    expect(annotated.container).toBe('second');
    const sidecar = await shells.open({ pod: 'meshed', container: 'istio-proxy', cols: 80, rows: 24 });
    expect(sidecar.container).toBe('istio-proxy');
    for (const id of [meshed.sessionId, annotated.sessionId, sidecar.sessionId]) shells.close(id);
    expect(shells.openCount()).toBe(0);
  });

  it('opens a shell in a native istio-proxy sidecar (an init container that keeps running), the app by default', async () => {
    const app = await shells.open({ pod: 'meshed-native', cols: 80, rows: 24 });
    expect(app.container).toBe('reviews');
    const sidecar = await shells.open({ pod: 'meshed-native', container: 'istio-proxy', cols: 80, rows: 24 });
    expect(sidecar.container).toBe('istio-proxy');
    shells.input(sidecar.sessionId, 'hostname; exit 5\r');
    expect(await screen.waitForExit(sidecar.sessionId)).toEqual({ code: 5 });
    expect(screen.text(sidecar.sessionId)).toContain('meshed-native');
    const finished = await rejection(shells.open({ pod: 'meshed-native', container: 'istio-init', cols: 80, rows: 24 }));
    expect(finished).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('Container istio-init in pod meshed-native is not running (terminated: Completed)') as unknown });
    shells.close(app.sessionId);
  });

  it('says what is wrong with the pod, the container or the request', async () => {
    expect(await rejection(shells.open({ pod: 'ghost', cols: 80, rows: 24 }))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no pod ghost in namespace shells') as unknown });
    expect(await rejection(shells.open({ pod: 'box', container: 'nope', cols: 80, rows: 24 }))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('Its containers: main') as unknown });
    expect(await rejection(shells.open({ pod: 'stuck', cols: 80, rows: 24 }))).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/Pod stuck is Pending \(container app: (ErrImagePull|ImagePullBackOff|ContainerCreating)\)/) as unknown });
    expect(await rejection(shells.open({ pod: 'box', cols: 0, rows: 24 }))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(() => shells.resize('shell-unknown', 80, 24)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }) as Error);
    expect(shells.close('shell-unknown')).toBe(false);
  });

  it('limits how many shells are open at once', async () => {
    const limited = new ShellSessions({ clients: () => Promise.resolve(clients), emit: screen.emit, defaultNamespace: namespace, maxSessions: 2 });
    const first = await limited.open({ pod: 'box', cols: 80, rows: 24 });
    await limited.open({ pod: 'box', cols: 80, rows: 24 });
    expect(await rejection(limited.open({ pod: 'box', cols: 80, rows: 24 }))).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('2 shells are open already') as unknown });
    limited.close(first.sessionId);
    const third = await limited.open({ pod: 'box', cols: 80, rows: 24 });
    expect(third.command).toBe('sh');
    limited.closeAll();
    expect(limited.openCount()).toBe(0);
    await until('no world sessions', () => (world.execSessions().length === 0 ? true : undefined));
  });
});

describe('ShellSessions with a token kubeconfig', () => {
  it('authenticates the exec upgrade with the bearer token', async () => {
    const world = await startWorld({ kubeconfigAuth: 'token' });
    const clients = createKubeClients({ kubeconfig: world.kubeconfigPath, context: world.contextName });
    try {
      world.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } } as KubeObject);
      world.apply(pod('box', [{ name: 'main', image: 'docker.io/library/busybox:1.36' }]));
      await until('box running', () => ((world.store.get('/pods', namespace, 'box')?.['status'] as { phase?: string } | undefined)?.phase === 'Running' ? true : undefined));
      const screen = new Screen();
      const shells = new ShellSessions({ clients: () => Promise.resolve(clients), emit: screen.emit, defaultNamespace: namespace });
      const info = await shells.open({ pod: 'box', cols: 80, rows: 24 });
      shells.input(info.sessionId, 'hostname\r');
      await screen.waitFor(info.sessionId, /\r\nbox\r\n/);
      shells.input(info.sessionId, 'exit 0\r');
      expect(await screen.waitForExit(info.sessionId)).toEqual({ code: 0 });
    } finally {
      clients.close();
      await world.stop();
    }
  });
});
