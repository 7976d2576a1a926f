// The "Workload or pod" choice: workloads (all their pods at once) and single pods, each with
// what a user needs to pick (pod counts; phase, readiness and restarts). A chosen target that
// the latest read does not list stays shown rather than silently changing.

import type { LogPodInfo, LogTargetsInfo } from '../../../../core/contract';
import { dispatchLogs } from '../../state/logs-store';

function podLabel(pod: LogPodInfo): string {
  const restarts = pod.containers.reduce((sum, container) => sum + container.restartCount, 0);
  const state = pod.phase === 'Running' && !pod.ready ? 'Running, not ready' : pod.phase;
  return `${pod.name} · ${state}${restarts > 0 ? ` · ${restarts} restart${restarts === 1 ? '' : 's'}` : ''}`;
}

export function LogTargetSelect({ targets, target, loading }: { targets: LogTargetsInfo | null; target: string | null; loading: boolean }) {
  const workloads = targets?.workloads ?? [];
  const pods = targets?.pods ?? [];
  const targetKnown = target !== null && (workloads.some((workload) => workload.ref === target) || pods.some((pod) => `pod/${pod.name}` === target));
  return (
    <label className="field log-field-wide">
      <span className="field-label">Workload or pod</span>
      <select
        className="input"
        value={target ?? ''}
        onChange={(event) => dispatchLogs({ type: 'target-chosen', target: event.target.value })}
        disabled={workloads.length === 0 && pods.length === 0 && target === null}
        data-testid="logs-target"
      >
        {target === null ? <option value="">{loading ? 'Reading pods…' : 'Nothing to show'}</option> : null}
        {target !== null && !targetKnown ? <option value={target}>{target}</option> : null}
        {workloads.length > 0 ? (
          <optgroup label="Workloads: all their pods">
            {workloads.map((workload) => (
              <option key={workload.ref} value={workload.ref}>
                {workload.ref} · {workload.pods.length} pod{workload.pods.length === 1 ? '' : 's'}
              </option>
            ))}
          </optgroup>
        ) : null}
        {pods.length > 0 ? (
          <optgroup label="Pods">
            {pods.map((pod) => (
              <option key={pod.name} value={`pod/${pod.name}`}>
                {podLabel(pod)}
              </option>
            ))}
          </optgroup>
        ) : null}
      </select>
    </label>
  );
}
