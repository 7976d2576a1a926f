// Contract handlers for long work in general: the doctor as a task, and listing, reading,
// following the log of and cancelling any task.
import { runDoctor, type DoctorDeps } from '../../doctor';
import type { Handlers } from '../../rpc';
import type { TaskManager } from '../../tasks';

type TaskHandlers = Pick<Handlers, 'doctor.run' | 'task.list' | 'task.get' | 'task.cancel' | 'task.log'>;

export function taskHandlers(tasks: TaskManager, doctorDeps: (ports?: number[]) => DoctorDeps): TaskHandlers {
  return {
    'doctor.run': ({ ports }) => {
      const deps = doctorDeps(ports);
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
  };
}
