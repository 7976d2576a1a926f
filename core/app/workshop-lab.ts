// The lab as workshop mode reaches it: the shared lab clients and target, the Istio release's
// samples, and the lab's own routing restore (what `meshdeck reset` does) for "reset workshop".
import { join } from 'node:path';
import { readBookinfo } from '../bookinfo';
import { BOOKINFO_NAMESPACE, resetRouting } from '../lab';
import type { LabHandle } from '../workshop';
import type { LabClients } from './lab-clients';

export function workshopLab(labClients: LabClients, samplesDir: () => Promise<string>): LabHandle {
  return {
    async check(lesson, task) {
      return { clients: await labClients.get(), target: await labClients.target(), samplesDir, namespace: lesson.namespaces[0] ?? 'default', signal: task.signal };
    },
    async action(lesson, task) {
      return { clients: await labClients.get(), samplesDir, namespace: lesson.namespaces[0] ?? 'default', signal: task.signal, log: (line) => task.log(line) };
    },
    async resetRouting(task) {
      const { gateway } = await readBookinfo(join(await samplesDir(), 'bookinfo'), { namespace: BOOKINFO_NAMESPACE });
      await resetRouting(await labClients.get(), gateway, { namespace: BOOKINFO_NAMESPACE, signal: task.signal, log: (line) => task.log(line) });
    },
  };
}
