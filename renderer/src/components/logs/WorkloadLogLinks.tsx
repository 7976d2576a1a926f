// One "Logs" button per workload the lab card lists (Bookinfo's deployments, istiod and the
// gateways), so a log is one click away from where the lab says what is ready.

import type { ComponentStatusInfo } from '../../../../core/contract';
import { OpenLogsButton } from './OpenLogsButton';

export function WorkloadLogLinks({ components }: { components: ComponentStatusInfo[] }) {
  if (components.length === 0) return null;
  return (
    <div className="workload-logs" data-testid="lab-log-links">
      <span className="workload-logs-label">Logs</span>
      <ul className="workload-logs-list">
        {components.map((component) => (
          <li key={`${component.namespace}/${component.name}`}>
            <OpenLogsButton request={{ namespace: component.namespace, target: `deploy/${component.name}` }} label={component.name} testId={`lab-logs-${component.name}`} />
          </li>
        ))}
      </ul>
    </div>
  );
}
