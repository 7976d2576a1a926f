// The pods/exec subresource: checks an upgrade request the way kube-apiserver and the kubelet
// do (pod, container, node, running container, streams, command; errors as Status with the
// right HTTP code before any upgrade), negotiates the channel subprotocol and hands the
// WebSocket to an ExecSession. Keeps the open sessions so tests can look at them and stop()
// can end them (upgraded sockets are outside the HTTP server's connection tracking), and ends
// a session when its container stops under it, as the runtime kills the exec'd process.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { ApiError, badRequest, internalError, methodNotAllowed, notFound, pathNotFound } from '../status.js';
import type { OutboundRequest, PodNetwork } from '../pod-network.js';
import type { KubeObject, Store } from '../store.js';
import { containerView } from './container-view.js';
import { ExecSession, type ExecRequest, type ExecSessionInfo } from './exec-session.js';
import { execProtocols, negotiateProtocol, offeredProtocols } from './protocol.js';
import { refuseUpgrade } from './upgrade-refusal.js';

export type { ExecSessionInfo } from './exec-session.js';

interface PodShape {
  spec?: { nodeName?: string; containers?: { name: string }[]; initContainers?: { name: string }[]; ephemeralContainers?: { name: string }[] };
  status?: { containerStatuses?: ContainerStatusShape[]; initContainerStatuses?: ContainerStatusShape[]; ephemeralContainerStatuses?: ContainerStatusShape[] };
}

interface ContainerStatusShape {
  name: string;
  containerID?: string;
  state?: { running?: unknown };
}

/** A query flag as the apiserver accepts it ("true"/"1"). */
function flag(q: URLSearchParams, key: string): boolean {
  const v = q.get(key);
  return v === 'true' || v === '1';
}

function chooseContainer(pod: KubeObject, wanted: string | null): string {
  const spec = (pod as PodShape & KubeObject).spec;
  const name = pod.metadata.name ?? '';
  const containers = (spec?.containers ?? []).map((c) => c.name);
  const others = [...(spec?.initContainers ?? []), ...(spec?.ephemeralContainers ?? [])].map((c) => c.name);
  if (wanted) {
    if (!containers.includes(wanted) && !others.includes(wanted)) throw badRequest(`container ${wanted} is not valid for pod ${name}`);
    return wanted;
  }
  // Like the apiserver: a single container is implied, several need a choice (kubectl sends one).
  if (containers.length === 1) return containers[0] ?? '';
  const init = (spec?.initContainers ?? []).map((c) => c.name);
  throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]${init.length > 0 ? ` or one of the init containers: [${init.join(' ')}]` : ''}`);
}

/** The ID of the running instance of a container ('' when it runs without one), undefined when it does not run. */
function runningContainer(pod: KubeObject, container: string): string | undefined {
  const status = (pod as PodShape & KubeObject).status;
  const statuses = [...(status?.containerStatuses ?? []), ...(status?.initContainerStatuses ?? []), ...(status?.ephemeralContainerStatuses ?? [])];
  const found = statuses.find((s) => s.name === container);
  return found?.state?.running === undefined ? undefined : (found.containerID ?? '');
}

export class ExecService {
  private readonly sockets = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (protocols) => negotiateProtocol([...protocols]) ?? false,
  });
  private readonly open = new Set<ExecSession>();
  private readonly unsubscribe: () => void;

  constructor(private readonly store: Store, private readonly network?: PodNetwork) {
    this.unsubscribe = store.subscribe((event) => {
      if (event.typeKey !== '/pods' || event.type === 'ADDED' || this.open.size === 0) return;
      const uid = event.object.metadata.uid ?? '';
      for (const session of this.open) {
        if (session.podUid !== uid) continue;
        // Deleted, stopped or restarted (a new instance has a new ID): the exec'd process is gone.
        if (event.type === 'DELETED' || runningContainer(event.object, session.containerName) !== session.instance) session.containerStopped();
      }
    });
  }

  /** Serves an authenticated upgrade request; anything but a valid exec gets a Status. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    let request: ExecRequest;
    let pod: KubeObject;
    try {
      ({ request, pod } = this.validate(req));
    } catch (error) {
      refuseUpgrade(socket, error instanceof ApiError ? error : internalError(String(error)));
      return;
    }
    this.sockets.handleUpgrade(req, socket, head, (ws) => {
      const podIP = (pod as { status?: { podIP?: string } } & KubeObject).status?.podIP ?? '';
      const network = this.network;
      const send = network && podIP ? (req: OutboundRequest, signal: AbortSignal) => network.send(podIP, req, signal) : undefined;
      const session = new ExecSession(ws, request, containerView(pod, request.container, send), () => this.open.delete(session));
      this.open.add(session);
    });
  }

  sessions(): ExecSessionInfo[] {
    return [...this.open].map((s) => s.info());
  }

  closeAll(): void {
    this.unsubscribe();
    for (const session of this.open) session.terminate();
    this.open.clear();
    this.sockets.close();
  }

  private validate(req: IncomingMessage): { request: ExecRequest; pod: KubeObject } {
    const url = new URL(req.url ?? '/', 'https://world.invalid');
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/exec$/.exec(url.pathname);
    if (!m) throw pathNotFound();
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'POST') throw methodNotAllowed();
    const namespace = decodeURIComponent(m[1] ?? '');
    const name = decodeURIComponent(m[2] ?? '');
    const pod = this.store.get('/pods', namespace, name);
    if (!pod) throw notFound('', 'pods', name);
    const q = url.searchParams;
    const container = chooseContainer(pod, q.get('container'));
    const shape = pod as PodShape & KubeObject;
    if (!shape.spec?.nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
    const tty = flag(q, 'tty');
    const stdin = flag(q, 'stdin');
    const stdout = flag(q, 'stdout');
    // The kubelet drops stderr under a TTY: a terminal has one output.
    const stderr = flag(q, 'stderr') && !tty;
    if (!stdin && !stdout && !flag(q, 'stderr')) throw badRequest('you must specify at least 1 of stdin, stdout, stderr');
    const command = q.getAll('command');
    if (command.length === 0) throw badRequest('you must specify at least 1 command');
    // The kubelet's answer for a container that has not started (or has stopped).
    const instance = runningContainer(pod, container);
    if (instance === undefined) throw new ApiError(500, 'InternalError', `container not found ("${container}")`);
    if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
      throw badRequest(`the test world serves exec over WebSocket only (${execProtocols.join(', ')}); ${req.headers.upgrade ?? 'this upgrade'} is not supported`);
    }
    const offered = offeredProtocols(req.headers['sec-websocket-protocol']);
    const protocol = negotiateProtocol(offered);
    if (!protocol) throw badRequest(`requested protocol(s) are not supported: [${offered.join(' ')}]; supports [${execProtocols.join(' ')}]`);
    return { request: { namespace, pod: name, podUid: pod.metadata.uid ?? '', instance, container, command, stdin, stdout, stderr, tty, protocol }, pod };
  }
}
