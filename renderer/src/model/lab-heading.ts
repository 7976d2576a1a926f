// The lab card's title and subtitle: what the followed task is doing (creating or deleting, how
// far, how it ended) or, without one, whether a lab is there and healthy.

import type { LabStatusInfo, TaskInfo } from '../../../core/contract';

export interface LabHeading {
  title: string;
  subtitle: string;
}

export function labHeading(task: TaskInfo | null, showTask: boolean, present: LabStatusInfo | null): LabHeading {
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
        return { title: 'Creating your mesh was cancelled', subtitle: `Nothing is left half-done${counted ? `; ${finished} of ${steps.length} steps are finished` : ''}. Continue to pick up where it stopped.` };
    }
  }
  if (present) return present.problem ? { title: 'Your mesh needs attention', subtitle: 'The lab is there, but not all of it is ready.' } : { title: 'Your mesh', subtitle: 'Running on this machine.' };
  return { title: 'Your mesh', subtitle: 'There is no lab on this machine yet.' };
}
