// The lab card's title and subtitle: what the followed task is doing (creating or deleting, how
// far, how it ended) or, without one, whether a lab is there and healthy.

import type { LabStatusInfo, TaskInfo } from '../../../core/contract';

export interface LabHeading {
  title: string;
  subtitle: string;
}

/** `unreadable`: the core could not be asked (a refused page, a lost connection), so nothing is known about the lab. */
export function labHeading(task: TaskInfo | null, showTask: boolean, present: LabStatusInfo | null, unreadable = false): LabHeading {
  if (showTask && task?.kind === 'lab-down') {
    if (task.state === 'running') return { title: 'Deleting the lab…', subtitle: 'Removing the cluster and everything in it.' };
    return { title: 'The lab was not deleted', subtitle: task.state === 'cancelled' ? 'Deleting was cancelled.' : 'Deleting stopped on a problem.' };
  }
  if (showTask && task) {
    const steps = task.steps ?? [];
    const finished = steps.filter((step) => step.state === 'done' || step.state === 'reused').length;
    const counted = steps.length > 0 ? ` · ${finished} of ${steps.length} steps` : '';
    switch (task.state) {
      case 'running':
        return { title: 'Creating your mesh…', subtitle: `${task.step || 'Starting'}${counted}` };
      case 'succeeded':
        return { title: 'Your mesh is ready', subtitle: 'Istio, Bookinfo and the dashboards are up. Open them below.' };
      case 'failed':
        return { title: 'Your mesh is not ready yet', subtitle: `The plan stopped${counted ? ` after ${finished} of ${steps.length} steps` : ''}. Fix the problem below, then retry: finished steps are not redone.` };
      case 'cancelled':
        return { title: 'Creating your mesh was cancelled', subtitle: `Continue to pick up where it stopped${counted ? `: ${finished} of ${steps.length} steps are finished and are kept` : ''}; a step that was cut off (even a half-made cluster) is done again.` };
    }
  }
  if (present) return present.problem ? { title: 'Your mesh needs attention', subtitle: 'The lab is there, but not all of it is ready.' } : { title: 'Your mesh', subtitle: 'Running on this machine.' };
  if (unreadable) return { title: 'Your mesh', subtitle: 'MeshDeck cannot be asked about the lab right now; the notice below says why.' };
  return { title: 'Your mesh', subtitle: 'There is no lab on this machine yet.' };
}
