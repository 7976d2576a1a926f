// Assembles the core that every face talks to: the task manager, the event hub and the
// dispatcher with one handler per contract method. The one composition root: the desktop window,
// browser mode and each CLI command build it (see process-core.ts); dependencies come in as parameters.

import { arch, platform } from 'node:os';
import { AppError, type AppStatusInfo } from '../contract';
import { runDoctor, type DoctorDeps } from '../doctor';
import { LogStreams, ShellSessions } from '../kube';
import { readDashboardsHealth } from '../gateways';
import { BOOKINFO_NAMESPACE, recallLab, type LabServiceWithRequests } from '../lab';
import { RoutingService, signInToBookinfo, TrafficRuns } from '../traffic';
import { createLabClients } from './lab-clients';
import { EventHub, createDispatcher, type Dispatcher, type Handlers } from '../rpc';
import { TaskManager } from '../tasks';
import { version } from '../../package.json';

export interface CoreOptions {
  face: AppStatusInfo['face'];
  dataDir: string;
  /** Builds the doctor's view of the machine; `ports` overrides the gateway ports to check. */
  doctorDeps: (ports?: number[]) => DoctorDeps;
  onUnexpectedError?: (where: string, error: unknown) => void;
  /** The lab (cluster, Istio, Bookinfo), built from the core's task manager. */
  lab: (tasks: TaskManager) => LabServiceWithRequests;
  /** Which lab traffic, logs and shells work on (a CLI command's --context); default: the remembered one. */
  labSelector?: { name?: string; context?: string };
  /** Native dashboard panes: only the desktop face has them; elsewhere these calls are refused. */
  dashboardPanes?: DashboardPaneHandlers;
}

export type DashboardPaneHandlers = Pick<Handlers, 'dashboards.show' | 'dashboards.hide' | 'dashboards.navigate'>;

// A terminal that pauses (a pager, Ctrl+S) is not a viewer that went away: CLI log streams never
// time out waiting for acknowledgements; the command's end closes them.
const NEVER_MS = 2 ** 31 - 1;

function noDashboardPanes(): never {
  throw new AppError('INVALID_ARGUMENT', 'Dashboard panes are placed only by the desktop app; in a browser, MeshDeck shows dashboards in frames.');
}

export interface Core {
  lab: LabServiceWithRequests;
  dispatcher: Dispatcher;
  events: EventHub;
  tasks: TaskManager;
  dispose(): void;
}

export function createCore(options: CoreOptions): Core {
  const events = new EventHub();
  const tasks = new TaskManager({
    onUpdate: (task) => events.emit('task:update', task),
    onLog: (log) => events.emit('task:log', log),
    onUnexpectedError: (task, error) => options.onUnexpectedError?.(`task ${task.title}`, error),
  });

  const lab = options.lab(tasks);
  // Traffic, logs and shells work on the lab's cluster, through one shared set of clients.
  const labClients = createLabClients(() => lab.target(options.labSelector));
  const defaultNamespace = BOOKINFO_NAMESPACE;
  const routing = new RoutingService({ clients: () => labClients.get(), defaultNamespace });
  const runs = new TrafficRuns({ emit: (name, payload) => events.emit(name, payload) });
  const logs = new LogStreams({
    clients: () => labClients.get(),
    emit: (batch) => events.emit('logs:batch', batch),
    defaultNamespace,
    ...(options.face === 'cli' ? { limits: { ackTimeoutMs: NEVER_MS } } : {}),
  });
  const shells = new ShellSessions({ clients: () => labClients.get(), emit: (output) => events.emit('shell:output', output), defaultNamespace });

  const handlers: Handlers = {
    'app.status': () => ({ version, platform: platform(), arch: arch(), dataDir: options.dataDir, face: options.face }),
    'doctor.run': ({ ports }) => {
      const deps = options.doctorDeps(ports);
      const task = tasks.start('doctor', 'Check this machine', async (context) => {
        context.step('Checking Docker, ports and tools', 0);
        const report = await runDoctor(deps, context.signal, {
          onFinding: (finding, done, total) => {
            context.step(`Checked ${finding.title}`, (done / total) * 100);
            context.log(`${finding.status.toUpperCase().padEnd(7)} ${finding.title}: ${finding.summary}`);
          },
        });
        return { kind: 'doctor', report };
      });
      return { taskId: task.id };
    },
    'task.list': () => tasks.list(),
    'task.get': ({ taskId }) => tasks.get(taskId),
    'task.cancel': ({ taskId }) => tasks.cancel(taskId),
    'task.log': ({ taskId, fromSeq }) => tasks.log(taskId, fromSeq),
    'lab.up': (params) => {
      // Running a binary a page named would let any script in a UI face execute files: only a terminal user chooses them.
      if (options.face !== 'cli' && (params.kindPath !== undefined || params.istioctlPath !== undefined)) {
        throw new AppError('INVALID_ARGUMENT', 'A kind or istioctl binary of your own is chosen on the command line (`meshdeck up --kind PATH --istioctl PATH`); the app uses the ones it downloads.', { path: params.kindPath !== undefined ? 'kindPath' : 'istioctlPath' });
      }
      return { taskId: lab.upWith(params).id };
    },
    'lab.status': (params) => lab.status(params),
    'lab.down': ({ name, confirmed }) => {
      if (!confirmed) throw new AppError('INVALID_ARGUMENT', 'Deleting the lab cluster needs confirmation: it removes the cluster and everything in it.');
      return { taskId: lab.down(name ? { name } : {}).id };
    },
    'lab.reset': (params) => ({ taskId: lab.reset(params).id }),
    'kube.contexts': () => lab.contexts(),
    'traffic.services': ({ namespace }) => routing.services(namespace),
    'traffic.preview': (request) => routing.preview(request),
    'traffic.apply': (request) => routing.apply(request),
    'traffic.remove': (request) => routing.remove(request),
    'traffic.start': async ({ endUser, ...params }, caller) => {
      const url = (await labClients.target()).bookinfoUrl;
      // productpage takes end-user from its session, so a run "as jason" signs in first.
      const headers = endUser ? { cookie: await signInToBookinfo(url, endUser) } : undefined;
      const run = runs.start({ ...params, url, ...(headers ? { headers } : {}) });
      // Closing the tab or window that started it stops it ("stops when the pane closes").
      caller.onGone(() => void runs.stop(run.runId).catch(() => undefined));
      return run;
    },
    'traffic.stop': ({ runId }) => runs.stop(runId),
    'traffic.runs': () => runs.list(),
    'logs.targets': ({ namespace }) => logs.targets(namespace ? { namespace } : {}),
    'logs.open': async (request, caller) => {
      const stream = await logs.open(request);
      caller.onGone(() => logs.close(stream.streamId));
      return stream;
    },
    'logs.ack': ({ streamId, seq }) => {
      logs.ack(streamId, seq);
      return { streamId, seq };
    },
    'logs.close': ({ streamId }) => ({ streamId, closed: logs.close(streamId) }),
    'shell.open': async (request, caller) => {
      const session = await shells.open(request);
      caller.onGone(() => shells.close(session.sessionId));
      return session;
    },
    'shell.input': ({ sessionId, data }) => {
      shells.input(sessionId, data);
      return { sessionId };
    },
    'shell.resize': ({ sessionId, cols, rows }) => {
      shells.resize(sessionId, cols, rows);
      return { sessionId };
    },
    'shell.close': ({ sessionId }) => ({ sessionId, closed: shells.close(sessionId) }),
    'dashboards.health': async () => readDashboardsHealth({ status: await lab.status({}), clients: () => labClients.get(), signal: AbortSignal.timeout(20_000) }),
    // The plan again, for the lab it was last run for: only the steps that are not done run.
    'dashboards.repair': async () => ({ taskId: lab.up(await recallLab(options.dataDir)).id }),
    'dashboards.show': options.dashboardPanes?.['dashboards.show'] ?? noDashboardPanes,
    'dashboards.hide': options.dashboardPanes?.['dashboards.hide'] ?? noDashboardPanes,
    'dashboards.navigate': options.dashboardPanes?.['dashboards.navigate'] ?? noDashboardPanes,
  };

  return {
    dispatcher: createDispatcher(handlers, { onUnexpectedError: (method, error) => options.onUnexpectedError?.(method, error) }),
    events,
    tasks,
    lab,
    dispose: () => {
      tasks.cancelAll();
      runs.stopAll();
      logs.closeAll();
      shells.closeAll();
      labClients.close();
    },
  };
}
