// Assembles the core that every face talks to: the task manager, the event hub and the
// dispatcher with one handler per contract method. Dependencies come in as parameters.

import { arch, platform } from 'node:os';
import { AppError, type AppStatusInfo } from '../contract';
import { runDoctor, type DoctorDeps } from '../doctor';
import type { LabService } from '../lab';
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
  lab: (tasks: TaskManager) => LabService;
}

export interface Core {
  lab: LabService;
  dispatcher: Dispatcher;
  events: EventHub;
  tasks: TaskManager;
  dispose(): void;
}

export function createCore(options: CoreOptions): Core {
  const events = new EventHub();
  const tasks = new TaskManager({
    onUpdate: (task) => events.emit('task:update', task),
    onUnexpectedError: (task, error) => options.onUnexpectedError?.(`task ${task.title}`, error),
  });

  const lab = options.lab(tasks);

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
    'lab.up': (params) => ({ taskId: lab.up(params).id }),
    'lab.status': (params) => lab.status(params),
    'lab.down': ({ name, confirmed }) => {
      if (!confirmed) throw new AppError('INVALID_ARGUMENT', 'Deleting the lab cluster needs confirmation: it removes the cluster and everything in it.');
      return { taskId: lab.down(name ? { name } : {}).id };
    },
    'lab.reset': (params) => ({ taskId: lab.reset(params).id }),
    'kube.contexts': () => lab.contexts(),
  };

  return {
    dispatcher: createDispatcher(handlers, { onUnexpectedError: (method, error) => options.onUnexpectedError?.(method, error) }),
    events,
    tasks,
    lab,
    dispose: () => tasks.cancelAll(),
  };
}
