// The container choice of the chosen target: the app, the istio-proxy sidecar (a container or,
// as a native sidecar, an init container) or an init container, with restarts. "Default" lets
// the core pick (the pod's default container).

import { useMemo } from 'react';
import type { ContainerInfo, LogTargetsInfo } from '../../../../core/contract';
import { containersOf, dispatchLogs } from '../../state/logs-store';

function containerLabel(container: ContainerInfo): string {
  const role = container.sidecar ? ' (sidecar)' : container.kind === 'init' ? ' (init)' : '';
  const restarts = container.restartCount > 0 ? ` · ${container.restartCount} restart${container.restartCount === 1 ? '' : 's'}` : '';
  return `${container.name}${role}${restarts}`;
}

export function LogContainerSelect({ targets, target, container }: { targets: LogTargetsInfo | null; target: string | null; container: string | null }) {
  const containers = useMemo(() => containersOf(targets, target), [targets, target]);
  const containerKnown = container !== null && containers.some((choice) => choice.name === container);
  return (
    <label className="field log-field">
      <span className="field-label">Container</span>
      <select
        className="input"
        value={container ?? ''}
        onChange={(event) => dispatchLogs({ type: 'container-chosen', container: event.target.value })}
        disabled={containers.length === 0 && container === null}
        data-testid="logs-container"
      >
        {container === null ? <option value="">Default</option> : null}
        {container !== null && !containerKnown ? <option value={container}>{container}</option> : null}
        {containers.map((choice) => (
          <option key={choice.name} value={choice.name}>
            {containerLabel(choice)}
          </option>
        ))}
      </select>
    </label>
  );
}
