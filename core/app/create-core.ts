// Assembles the core that every face talks to: the task manager, the event hub and the
// dispatcher with one handler per contract method. The one composition root: the desktop window,
// browser mode and each CLI command build it (see process-core.ts); dependencies come in as parameters.

import { arch, platform } from 'node:os';
import { AppError, type AppStatusInfo } from '../contract';
import type { DoctorDeps } from '../doctor';
import { LogStreams, ShellSessions } from '../kube';
import { BOOKINFO_NAMESPACE, type LabServiceWithRequests } from '../lab';
import { ClusterFollow, ObservedSplits, RoutingService, TrafficRuns } from '../traffic';
import { createLabClients } from './lab-clients';
import { defaultKit } from './default-kit';
import { kitHandlers } from './handlers/kit';
import type { KitService } from '../kit';
import { dashboardHandlers, type DashboardPaneHandlers } from './handlers/dashboards';
import { imageHandlers } from './handlers/images';
import { labHandlers } from './handlers/lab';
import { streamHandlers } from './handlers/streams';
import { taskHandlers } from './handlers/tasks';
import { telemetryHandlers } from './handlers/telemetry';
import { trafficHandlers } from './handlers/traffic';
import { policyHandlers } from './handlers/policies';
import { PolicyService } from '../policies/policy-service';
import { builtInPacksDir, WorkshopService } from '../workshop';
import { workshopHandlers } from './handlers/workshop';
import { workshopLab } from './workshop-lab';
import { EventHub, createDispatcher, type Dispatcher, type Handlers } from '../rpc';
import { TaskManager } from '../tasks';
import { downloadsDir } from '../paths';
import { version } from '../../package.json';

export type { DashboardPaneHandlers } from './handlers/dashboards';

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
  /** Where the built-in lesson packs are; default: resources/workshops of the app or package. */
  workshopsDir?: string;
  /** The offline kit's export and import; default: from this process's environment and dataDir. */
  kit?: (tasks: TaskManager) => KitService;
}


// A terminal that pauses (a pager, Ctrl+S) is not a viewer that went away: CLI log streams never
// time out waiting for acknowledgements; the command's end closes them.
const NEVER_MS = 2 ** 31 - 1;

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
  const kit = (options.kit ?? defaultKit(process.env, options.dataDir))(tasks);
  // Traffic, logs and shells work on the lab's cluster, through one shared set of clients.
  const labClients = createLabClients(() => lab.target(options.labSelector));
  const defaultNamespace = BOOKINFO_NAMESPACE;
  const routing = new RoutingService({ clients: () => labClients.get(), defaultNamespace });
  // The mesh's own split, from the lab's Prometheus (read through the API server, like everything else).
  const observed = new ObservedSplits({ clients: () => labClients.get(), defaultNamespace });
  const policies = new PolicyService({ clients: () => labClients.get(), routing, defaultNamespace });
  const runs = new TrafficRuns({ emit: (name, payload) => events.emit(name, payload) });
  const logs = new LogStreams({
    clients: () => labClients.get(),
    emit: (batch) => events.emit('logs:batch', batch),
    defaultNamespace,
    ...(options.face === 'cli' ? { limits: { ackTimeoutMs: NEVER_MS } } : {}),
  });
  // Only faces that show the cluster follow it (traffic.follow); a CLI command never starts it.
  const follow = new ClusterFollow({
    clients: () => labClients.get(),
    emit: (name, payload) => events.emit(name, payload),
    // A lab that went away takes its generator runs and log streams with it, saying why.
    onGone: (reason) => {
      void runs.stopAll(reason);
      logs.endAll(reason);
    },
  });
  const shells = new ShellSessions({ clients: () => labClients.get(), emit: (output) => events.emit('shell:output', output), defaultNamespace });

  const samplesDir = (): Promise<string> => (lab.samplesDir ? lab.samplesDir(options.labSelector) : Promise.reject(new AppError('NOT_FOUND', 'This lab has no Istio release to read samples from; run meshdeck up first.')));
  const workshop = new WorkshopService({
    tasks,
    dataDir: options.dataDir,
    builtInDir: options.workshopsDir ?? builtInPacksDir(),
    labKey: async () => (await labClients.target()).context,
    istioVersion: async () => (await lab.list()).find((l) => l.current)?.istioVersion,
    lab: workshopLab(labClients, samplesDir),
    emit: (info) => events.emit('workshop:changed', info),
  });

  const handlers: Handlers = {
    'app.status': () => ({ version, platform: platform(), arch: arch(), dataDir: options.dataDir, downloadsDir: downloadsDir(), face: options.face }),
    ...taskHandlers(tasks, doctorWithImages(options.doctorDeps, lab, options.labSelector)),
    ...labHandlers(lab, options.face),
    ...trafficHandlers(routing, runs, labClients, follow, samplesDir),
    ...telemetryHandlers(observed),
    ...policyHandlers(policies),
    ...workshopHandlers(workshop),
    ...kitHandlers(kit),
    ...streamHandlers(logs, shells),
    ...dashboardHandlers(lab, labClients, options.dataDir, options.dashboardPanes),
    ...imageHandlers(lab),
  };

  return {
    dispatcher: createDispatcher(handlers, { onUnexpectedError: (method, error) => options.onUnexpectedError?.(method, error) }),
    events,
    tasks,
    lab,
    dispose: () => {
      tasks.cancelAll();
      void runs.stopAll();
      follow.close();
      routing.close();
      logs.closeAll();
      shells.closeAll();
      labClients.close();
    },
  };
}

/** The doctor judges disk space and Docker Hub pulls by the same image report as images.list. */
function doctorWithImages(doctorDeps: CoreOptions['doctorDeps'], lab: LabServiceWithRequests, selector: CoreOptions['labSelector']): CoreOptions['doctorDeps'] {
  return (ports) => {
    const deps = doctorDeps(ports);
    return lab.images ? { ...deps, labImages: () => lab.images!(selector ?? {}) } : deps;
  };
}
