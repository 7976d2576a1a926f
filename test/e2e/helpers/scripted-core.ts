// A stand-in core for looking at the lab UI before the real lab exists: serves the built
// renderer (out/renderer) and answers its WebSocket in the real frame protocol (ReplyFrame,
// EventFrame), replaying a realistic `lab.up` plan with steps, percents and log lines, in a
// success or a failure variant. Test code only: the app never uses it, and it checks no token.

import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AppErrorInfo, CallFrame, DoctorReportInfo, EventFrame, LabOptionsInfo, LabStatusInfo, PlanStepInfo, ReplyFrame, TaskInfo } from '../../../core/contract';
import { REPO_ROOT } from './serve';

export interface ScriptedCoreOptions {
  /** Is there a lab when the page asks on launch? */
  lab?: 'absent' | 'present';
  /** failure: the bookinfo step stalls on an image pull (the next run succeeds). */
  plan?: 'success' | 'failure';
  /** Milliseconds between replayed events. */
  tickMs?: number;
  /** Stop replaying once this step is running (for screenshots of a run in progress). */
  holdAt?: string;
  /** Doctor findings that fail (ids), to see the preflight note. */
  failingChecks?: string[];
}

export interface ScriptedCore {
  url: string;
  /** Continue a plan held by `holdAt`. */
  release(): void;
  stop(): Promise<void>;
}

const STEPS: { id: string; title: string; needs: string[] }[] = [
  { id: 'preflight', title: 'Check this machine', needs: [] },
  { id: 'kind', title: 'Get kind', needs: ['preflight'] },
  { id: 'istio-release', title: 'Get Istio 1.30.5', needs: ['preflight'] },
  { id: 'cluster', title: 'Create the kind cluster', needs: ['kind'] },
  { id: 'istio', title: 'Install Istio (demo profile)', needs: ['cluster', 'istio-release'] },
  { id: 'injection', title: 'Turn on sidecar injection', needs: ['istio'] },
  { id: 'bookinfo', title: 'Deploy Bookinfo', needs: ['injection'] },
  { id: 'addons', title: 'Install the dashboards', needs: ['istio'] },
  { id: 'gateways', title: 'Configure the gateways', needs: ['bookinfo', 'addons'] },
  { id: 'verify', title: 'Check that it all answers', needs: ['gateways'] },
];

/** Per step: [detail, percent, log lines] beats, replayed in order. */
const BEATS: Record<string, [string, number | null, string[]][]> = {
  preflight: [
    ['Asking Docker', 20, ['Docker 27.5.1 answers on unix:///var/run/docker.sock', 'CPUs: 8, memory: 15.5 GiB (kind needs 2 CPUs and 4 GiB)']],
    ['Checking host ports', 70, ['127.0.0.1:8080 is free', '127.0.0.1:8443 is free', 'fs.inotify.max_user_watches = 524288']],
    ['Machine is ready', 100, ['All checks passed']],
  ],
  kind: [
    ['Downloading kind v0.32.0', 10, ['GET https://github.com/kubernetes-sigs/kind/releases/download/v0.32.0/kind-linux-amd64']],
    ['Downloading kind v0.32.0', 55, ['received 6.1 MiB of 10.4 MiB']],
    ['Verifying checksum', 95, ['received 10.4 MiB of 10.4 MiB', 'sha256 4f0c…9e1a matches kind-linux-amd64.sha256sum']],
  ],
  'istio-release': [
    ['Downloading istio-1.30.5-linux-amd64.tar.gz', 8, ['GET https://github.com/istio/istio/releases/download/1.30.5/istio-1.30.5-linux-amd64.tar.gz']],
    ['Downloading istio-1.30.5-linux-amd64.tar.gz', 40, ['received 11.2 MiB of 27.9 MiB']],
    ['Downloading istio-1.30.5-linux-amd64.tar.gz', 85, ['received 23.7 MiB of 27.9 MiB']],
    ['Unpacking istioctl and samples', 97, ['sha256 matches istio-1.30.5-linux-amd64.tar.gz.sha256', 'extracted bin/istioctl, samples/bookinfo, samples/addons']],
  ],
  cluster: [
    ['Creating cluster "meshdeck"', null, ['$ kind create cluster --name meshdeck --config kind-config.yaml --kubeconfig ~/.meshdeck/kubeconfig', 'Creating cluster "meshdeck" ...', ' ✓ Ensuring node image (kindest/node:v1.35.0) 🖼']],
    ['Starting the control plane', null, [' ✓ Preparing nodes 📦', ' ✓ Writing configuration 📜', ' ✓ Starting control-plane 🕹️']],
    ['Waiting for the node to be Ready', 90, [' ✓ Installing CNI 🔌', ' ✓ Installing StorageClass 💾', 'Set kubectl context to "kind-meshdeck"', 'node/meshdeck-control-plane condition met']],
  ],
  istio: [
    ['Running istioctl install', 10, ['$ istioctl install -y -f istio-overlay.yaml --context kind-meshdeck', '✔ Istio core installed ⛵️']],
    ['Waiting for istiod', 45, ['deployment/istiod: 0/1 ready (ContainerCreating)', '✔ Istiod installed 🧠']],
    ['Waiting for the gateways', 80, ['✔ Egress gateways installed 🛫', '✔ Ingress gateways installed 🛬', 'deployment/istio-ingressgateway: 1/1 ready']],
    ['Istio is up', 100, ['✔ Installation complete']],
  ],
  injection: [['Labelling namespace bookinfo', 60, ['namespace/bookinfo labeled istio-injection=enabled', 'no pods predate the label']]],
  bookinfo: [
    ['Applying bookinfo.yaml (server-side)', 15, ['service/details serverside-applied', 'deployment.apps/details-v1 serverside-applied', 'deployment.apps/ratings-v1 serverside-applied', 'deployment.apps/reviews-v1 serverside-applied', 'deployment.apps/reviews-v2 serverside-applied', 'deployment.apps/reviews-v3 serverside-applied', 'deployment.apps/productpage-v1 serverside-applied']],
    ['Waiting for pods: 3/6 ready', 50, ['details-v1-7d4d9d5fcb-2xk8p 2/2 Running', 'ratings-v1-85c74b6cb4-lq6rn 2/2 Running', 'productpage-v1-6bd8f5b5d9-n7xkq 2/2 Running']],
    ['Waiting for pods: 5/6 ready', 83, ['reviews-v1-5fd6d4f8f8-gx9mw 2/2 Running', 'reviews-v3-84779c7bbc-p2s4d 2/2 Running', 'reviews-v2-69c6c9d68b-8zr5k 0/2 ErrImagePull docker.io/istio/examples-bookinfo-reviews-v2:1.20.3']],
  ],
  addons: [
    ['Applying prometheus, grafana, kiali, jaeger', 25, ['deployment.apps/prometheus serverside-applied', 'deployment.apps/grafana serverside-applied (GF_SECURITY_ALLOW_EMBEDDING=true)', 'deployment.apps/kiali serverside-applied', 'deployment.apps/jaeger serverside-applied']],
    ['Waiting for the dashboards: 2/4 ready', 60, ['prometheus 2/2 Running', 'jaeger 1/1 Running']],
    ['Dashboards ready', 100, ['grafana 1/1 Running', 'kiali 1/1 Running']],
  ],
  gateways: [['Applying bookinfo-gateway and monitor-gateway', 70, ['gateway.networking.istio.io/bookinfo-gateway serverside-applied', 'virtualservice.networking.istio.io/bookinfo serverside-applied', 'gateway.networking.istio.io/monitor-gateway serverside-applied', 'virtualservice.networking.istio.io/kiali (removes X-Frame-Options) serverside-applied']]],
  verify: [
    ['GET http://localhost:8080/productpage', 40, ['HTTP 200 in 84 ms: "Simple Bookstore App"']],
    ['Asking each dashboard', 90, ['grafana.localhost 200', 'kiali.localhost 200', 'tracing.localhost 200', 'prometheus.localhost 200']],
  ],
};

const FINAL_DETAIL: Record<string, string> = {
  preflight: 'Docker 27.5, 8 CPUs, 15.5 GiB; ports 8080 and 8443 free',
  kind: 'kind v0.32.0, checksum verified',
  'istio-release': 'istioctl 1.30.5 with its samples',
  cluster: 'kind-meshdeck, ports 8080/8443 on 127.0.0.1',
  istio: 'istiod and both gateways ready',
  injection: 'bookinfo has istio-injection=enabled',
  bookinfo: '6/6 pods ready, all with sidecars',
  addons: 'Prometheus, Grafana, Kiali and Jaeger ready',
  gateways: 'bookinfo-gateway and monitor-gateway applied',
  verify: 'Bookinfo and all four dashboards answer',
};

const STALL: AppErrorInfo = {
  code: 'STALLED',
  message:
    'Bookinfo stopped making progress: pod reviews-v2 cannot pull docker.io/istio/examples-bookinfo-reviews-v2:1.20.3 (ImagePullBackOff: "failed to resolve reference: dial tcp: lookup registry-1.docker.io: no such host"). Check the network or set a registry mirror, then retry; finished steps are not redone. To see the pod: `kubectl --context kind-meshdeck -n bookinfo describe pod -l app=reviews,version=v2`',
};

function status(exists: boolean): LabStatusInfo {
  const pod = (name: string) => ({ name, namespace: 'bookinfo', ready: 1, total: 1, withSidecar: 1 });
  return {
    exists,
    name: 'meshdeck',
    context: 'kind-meshdeck',
    provider: 'kind',
    istioVersion: '1.30.5',
    istio: [
      { name: 'istiod', namespace: 'istio-system', ready: 1, total: 1 },
      { name: 'istio-ingressgateway', namespace: 'istio-system', ready: 1, total: 1 },
      { name: 'istio-egressgateway', namespace: 'istio-system', ready: 1, total: 1 },
    ],
    bookinfo: ['details-v1', 'ratings-v1', 'reviews-v1', 'reviews-v2', 'reviews-v3', 'productpage-v1'].map(pod),
    addons: ['prometheus', 'grafana', 'kiali', 'jaeger'].map((name) => ({ name, namespace: 'istio-system', ready: 1, total: 1 })),
    urls: {
      bookinfo: 'http://localhost:8080/productpage',
      dashboards: { grafana: 'http://grafana.localhost:8080', kiali: 'http://kiali.localhost:8080', tracing: 'http://tracing.localhost:8080/jaeger', prometheus: 'http://prometheus.localhost:8080' },
    },
  };
}

function doctorReport(failing: string[]): DoctorReportInfo {
  const findings: DoctorReportInfo['findings'] = [
    { id: 'docker-engine', title: 'Docker engine', status: 'ok', summary: 'Docker 27.5.1 answers (linux/amd64)' },
    { id: 'docker-resources', title: 'Docker resources', status: 'ok', summary: '8 CPUs and 15.5 GiB for containers' },
    { id: 'host-ports', title: 'Host ports', status: 'ok', summary: '127.0.0.1:8080 and 127.0.0.1:8443 are free' },
    { id: 'kind', title: 'kind', status: 'ok', summary: 'MeshDeck will download kind v0.32.0' },
  ];
  for (const finding of findings) {
    if (failing.includes(finding.id)) Object.assign(finding, { status: 'fail', summary: `${finding.title} is not usable`, advice: 'Start Docker: `sudo systemctl start docker`' });
  }
  return { findings, overall: failing.length > 0 ? 'fail' : 'ok', checkedAt: new Date().toISOString() };
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };
const LOG_CAP = 500;

export async function startScriptedCore(options: ScriptedCoreOptions = {}): Promise<ScriptedCore> {
  const root = join(REPO_ROOT, 'out/renderer');
  const indexHtml = await readFile(join(root, 'index.html'), 'utf8').catch(() => {
    throw new Error('out/renderer is missing: run `npx electron-vite build` first.');
  });
  // Send the page's own CSP as a header too, as `meshdeck serve` does.
  const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(indexHtml)?.[1] ?? "default-src 'self'";
  const tickMs = options.tickMs ?? 250;
  const sockets = new Set<WebSocket>();
  const tasks = new Map<string, TaskInfo>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let labExists = options.lab === 'present';
  let failuresLeft = options.plan === 'failure' ? 1 : 0;
  const finishedSteps = new Set<string>();
  let held: (() => void) | null = null;
  let nextId = 1;

  const broadcast = (task: TaskInfo) => {
    const frame: EventFrame = { type: 'event', name: 'task:update', payload: structuredClone(task) };
    for (const socket of sockets) socket.send(JSON.stringify(frame));
  };
  const later = (ms: number, work: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      work();
    }, ms);
    timers.add(timer);
  };

  function newTask(kind: TaskInfo['kind'], title: string): TaskInfo {
    const task: TaskInfo = { id: `task-${nextId++}`, kind, title, state: 'running', step: 'Starting', percent: 0, log: [], startedAt: new Date().toISOString() };
    tasks.set(task.id, task);
    broadcast(task);
    return task;
  }

  function log(task: TaskInfo, lines: string[]) {
    task.log.push(...lines);
    if (task.log.length > LOG_CAP) task.log.splice(0, task.log.length - LOG_CAP);
  }

  function runPlan(task: TaskInfo) {
    const steps: PlanStepInfo[] = STEPS.map((step) => ({ id: step.id, title: step.title, state: 'pending', detail: '', percent: null }));
    task.steps = steps;
    log(task, ['Plan: 10 steps for cluster "meshdeck" (Istio 1.30.5, ports 8080/8443)']);
    broadcast(task);
    const byId = new Map(steps.map((step) => [step.id, step]));
    const beatIndex = new Map<string, number>();
    const fail = failuresLeft > 0;

    const tick = () => {
      if (task.state !== 'running') return;
      if (options.holdAt && byId.get(options.holdAt)?.state === 'running' && beatIndex.get(options.holdAt) === 1 && !held) {
        held = () => later(tickMs, tick);
        return;
      }
      const ready = (id: string) => STEPS.find((step) => step.id === id)!.needs.every((need) => ['done', 'reused'].includes(byId.get(need)!.state));
      for (const step of steps) {
        if (step.state === 'pending' && ready(step.id)) {
          if (finishedSteps.has(step.id)) {
            Object.assign(step, { state: 'reused', detail: `Already there: ${FINAL_DETAIL[step.id]}`, percent: 100 });
            log(task, [`[${step.id}] already done: ${FINAL_DETAIL[step.id]}`]);
          } else {
            Object.assign(step, { state: 'running', detail: 'Checking what is already there', percent: null });
            beatIndex.set(step.id, 0);
          }
        }
      }
      for (const step of steps.filter((candidate) => candidate.state === 'running')) {
        const index = beatIndex.get(step.id)!;
        const beats = BEATS[step.id]!;
        if (fail && step.id === 'bookinfo' && index === beats.length) {
          Object.assign(step, { state: 'failed', detail: STALL.message, percent: null, error: STALL });
          log(task, ['[bookinfo] reviews-v2-69c6c9d68b-8zr5k: Back-off pulling image "docker.io/istio/examples-bookinfo-reviews-v2:1.20.3"', '[bookinfo] no progress for 120 s: giving up']);
          for (const other of steps) if (other.state === 'running') Object.assign(other, { state: 'cancelled', percent: null });
          failuresLeft--;
          Object.assign(task, { state: 'failed', step: 'Failed', error: STALL, endedAt: new Date().toISOString() });
          broadcast(task);
          return;
        }
        const beat = beats[index];
        if (beat) {
          const [detail, percent, lines] = beat;
          Object.assign(step, { detail, percent });
          log(task, lines.map((line) => `[${step.id}] ${line}`));
          task.step = `${step.title}: ${detail}`;
        } else {
          Object.assign(step, { state: 'done', detail: FINAL_DETAIL[step.id], percent: 100 });
          finishedSteps.add(step.id);
        }
        beatIndex.set(step.id, index + 1);
      }
      const finished = steps.filter((step) => step.state === 'done' || step.state === 'reused').length;
      task.percent = Math.round((finished / steps.length) * 100);
      if (finished === steps.length) {
        labExists = true;
        Object.assign(task, { state: 'succeeded', step: 'Done', percent: 100, result: { kind: 'lab', status: status(true) }, endedAt: new Date().toISOString() });
      }
      broadcast(task);
      if (task.state === 'running') later(tickMs, tick);
    };
    later(tickMs, tick);
  }

  function runDown(task: TaskInfo) {
    log(task, ['$ kind delete cluster --name meshdeck', 'Deleting cluster "meshdeck" ...']);
    task.step = 'Deleting cluster "meshdeck"';
    task.percent = null;
    broadcast(task);
    later(tickMs * 4, () => {
      if (task.state !== 'running') return;
      labExists = false;
      finishedSteps.clear();
      log(task, ['Deleted nodes: ["meshdeck-control-plane"]']);
      Object.assign(task, { state: 'succeeded', step: 'Done', percent: 100, endedAt: new Date().toISOString() });
      broadcast(task);
    });
  }

  function answer(method: string, params: Record<string, unknown>): unknown {
    switch (method) {
      case 'app.status':
        return { version: '0.1.0', platform: 'linux', arch: 'x64', dataDir: '/home/user/.meshdeck', face: 'browser' };
      case 'doctor.run': {
        const task = newTask('doctor', 'Check this machine');
        later(tickMs, () => {
          Object.assign(task, { state: 'succeeded', step: 'Done', percent: 100, result: { kind: 'doctor', report: doctorReport(options.failingChecks ?? []) }, endedAt: new Date().toISOString() });
          broadcast(task);
        });
        return { taskId: task.id };
      }
      case 'task.list':
        return [...tasks.values()];
      case 'task.get':
      case 'task.cancel': {
        const task = tasks.get(String(params.taskId));
        if (!task) throw { code: 'NOT_FOUND', message: 'No such task.' } satisfies AppErrorInfo;
        if (method === 'task.cancel' && task.state === 'running') {
          for (const step of task.steps ?? []) if (step.state === 'running') Object.assign(step, { state: 'cancelled', percent: null });
          Object.assign(task, { state: 'cancelled', step: 'Cancelled', endedAt: new Date().toISOString() });
          broadcast(task);
        }
        return task;
      }
      case 'lab.status':
        if (!labExists) throw { code: 'CLUSTER_NOT_FOUND', message: 'There is no lab cluster named meshdeck. Create it with "Create my mesh".' } satisfies AppErrorInfo;
        return status(true);
      case 'lab.up': {
        const task = newTask('lab-up', `Create the lab${(params as LabOptionsInfo).name ? ` ${(params as LabOptionsInfo).name}` : ''}`);
        runPlan(task);
        return { taskId: task.id };
      }
      case 'lab.down': {
        if (params.confirmed !== true) throw { code: 'INVALID_ARGUMENT', message: 'Deleting the lab cluster needs confirmation.' } satisfies AppErrorInfo;
        const task = newTask('lab-down', 'Delete the lab');
        runDown(task);
        return { taskId: task.id };
      }
      default:
        throw { code: 'INVALID_ARGUMENT', message: `Unknown method ${method}.` } satisfies AppErrorInfo;
    }
  }

  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': csp });
        response.end(body);
      },
      () => response.writeHead(404).end('Not found.'),
    );
  });
  const wss = new WebSocketServer({ server, path: '/rpc' });
  wss.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as CallFrame;
      let reply: ReplyFrame;
      try {
        reply = { type: 'reply', id: frame.id, envelope: { ok: true, value: answer(frame.method, (frame.params ?? {}) as Record<string, unknown>) } };
      } catch (error) {
        reply = { type: 'reply', id: frame.id, envelope: { ok: false, error: error as AppErrorInfo } };
      }
      // A little latency, as over a real socket to a busy core.
      later(15, () => socket.send(JSON.stringify(reply)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/?token=scripted`,
    release() {
      const go = held;
      options.holdAt = undefined;
      held = null;
      go?.();
    },
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => server.close(() => resolve())));
    },
  };
}
