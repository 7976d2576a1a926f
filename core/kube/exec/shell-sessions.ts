// Interactive shells in pods for the faces: open one (container chosen like kubectl, bash when
// the container has it, else sh, with a TTY of the viewer's size), type into it, resize it,
// close it. Output and the end arrive as shell:output events through `emit`. At most a few
// shells run at once. It only reads pods and execs; it never changes the cluster's objects.
import { randomUUID } from 'node:crypto';
import { AppError, type ShellOpenRequest, type ShellOutputInfo, type ShellSessionInfo } from '../../contract';
import type { KubeClients } from '../client';
import { kubeError, KubeStatusError } from '../errors';
import type { PodObject } from '../resources/pod';
import { openExecSocket, type ExecListener } from './exec-socket';
import { assertShellable, chooseShellContainer } from './shell-container';
import { ShellSession } from './shell-session';

export interface ShellSessionsDeps {
  clients: () => Promise<KubeClients>;
  emit: (out: ShellOutputInfo) => void;
  defaultNamespace: string;
  /** Shells open at once. Default 8. */
  maxSessions?: number;
}

/** Tried in order: the first the container has is the one the user gets. */
const shells = ['bash', 'sh'];

function checkSize(cols: number, rows: number): void {
  const ok = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= 1000;
  if (!ok(cols) || !ok(rows)) throw new AppError('INVALID_ARGUMENT', `A terminal size of ${cols}×${rows} is not possible; columns and rows must be whole numbers from 1 to 1000.`);
}

async function readPod(clients: KubeClients, namespace: string, name: string): Promise<PodObject> {
  try {
    const answer = await clients.http.request<PodObject>('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`);
    return answer.body;
  } catch (err) {
    if (err instanceof KubeStatusError && err.statusCode === 404) {
      throw new AppError('NOT_FOUND', `There is no pod ${name} in namespace ${namespace}. It may have been replaced by a new pod; pick one from the current list.`, { pod: name, namespace });
    }
    throw kubeError(err, `Reading pod ${namespace}/${name}`, clients.server);
  }
}

/** What a refused exec upgrade means for the user. */
function execError(err: unknown, clients: KubeClients, namespace: string, pod: string, container: string): AppError {
  if (err instanceof KubeStatusError) {
    const message = err.status?.message ?? err.message;
    if (err.statusCode === 404) return new AppError('NOT_FOUND', `Pod ${pod} is gone from namespace ${namespace}. Pick a pod from the current list.`, { pod, namespace });
    if (/container not found/i.test(message)) return new AppError('INVALID_ARGUMENT', `Container ${container} in pod ${pod} is not running right now. Wait until it runs, then open the shell again.`, { pod, container });
    if (err.statusCode === 400) return new AppError('INVALID_ARGUMENT', `The cluster refused a shell in ${pod} (${container}): ${message}`, { pod, container });
  }
  return kubeError(err, `Opening a shell in ${namespace}/${pod} (${container})`, clients.server);
}

export class ShellSessions {
  private readonly sessions = new Map<string, ShellSession>();
  private opening = 0;
  /** Bumped by closeAll(), so shells still opening then are closed instead of kept. */
  private generation = 0;

  constructor(private readonly deps: ShellSessionsDeps) {}

  async open(request: ShellOpenRequest): Promise<ShellSessionInfo> {
    checkSize(request.cols, request.rows);
    const max = this.deps.maxSessions ?? 8;
    if (this.sessions.size + this.opening >= max) throw new AppError('INVALID_ARGUMENT', `${max} shells are open already. Close one before opening another.`, { max });
    this.opening++;
    const generation = this.generation;
    try {
      const clients = await this.deps.clients();
      const namespace = request.namespace ?? this.deps.defaultNamespace;
      const pod = await readPod(clients, namespace, request.pod);
      const container = chooseShellContainer(pod, request.container);
      assertShellable(pod, container);
      const session = new ShellSession({
        id: `shell-${randomUUID()}`,
        pod: request.pod,
        container,
        cols: request.cols,
        rows: request.rows,
        emit: this.deps.emit,
        onEnded: () => this.sessions.delete(session.id),
      });
      const connect = (command: string[], listener: ExecListener) =>
        openExecSocket(clients.kubeConfig, { namespace, pod: request.pod, container, command, tty: true }, listener).catch((err: unknown) => {
          throw execError(err, clients, namespace, request.pod, container);
        });
      let command: string | undefined;
      for (const shell of shells) {
        if ((await session.attempt(connect, shell)) === 'started') {
          command = shell;
          break;
        }
      }
      if (!command) {
        throw new AppError(
          'NOT_FOUND',
          `Container ${container} in pod ${request.pod} has no shell (neither bash nor sh), as in distroless images. Read its logs instead, or debug it with an ephemeral container: kubectl debug -it -n ${namespace} ${request.pod} --image=busybox --target=${container}`,
          { pod: request.pod, container },
        );
      }
      if (generation !== this.generation) {
        session.close();
        throw new AppError('CANCELLED', 'All shells were closed while this one was opening.');
      }
      if (!session.ended) this.sessions.set(session.id, session);
      // After the answer to open() is on its way: output for an id the viewer does not know yet is lost.
      setImmediate(() => session.release());
      return { sessionId: session.id, pod: request.pod, container, command };
    } finally {
      this.opening--;
    }
  }

  input(sessionId: string, data: string): void {
    this.get(sessionId).input(data);
  }

  resize(sessionId: string, cols: number, rows: number): void {
    checkSize(cols, rows);
    this.get(sessionId).resize(cols, rows);
  }

  /** Ends a shell; false when it is not open (ended already, or never was). */
  close(sessionId: string): boolean {
    const session = this.sessions.get(sessionId);
    if (!session) return false;
    this.sessions.delete(sessionId);
    return session.close();
  }

  closeAll(): void {
    this.generation++;
    for (const session of this.sessions.values()) session.close();
    this.sessions.clear();
  }

  openCount(): number {
    return this.sessions.size;
  }

  private get(sessionId: string): ShellSession {
    const session = this.sessions.get(sessionId);
    if (!session) throw new AppError('NOT_FOUND', `There is no open shell ${sessionId}; it has ended or was closed. Open a new one.`, { sessionId });
    return session;
  }
}
