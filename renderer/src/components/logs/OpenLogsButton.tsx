// A small "Logs" button for wherever a pod or workload is shown (Setup's lab card, Traffic's
// versions): it switches to the Logs section with that target's stream open.

import { openLogs, type OpenLogsRequest } from '../../state/logs-store';
import { Icon } from '../Icon';
import './logs.css';

export function OpenLogsButton({ request, label, testId }: { request: OpenLogsRequest; label?: string; testId?: string }) {
  const name = request.target.replace(/^[a-z]+\//, '');
  return (
    <button
      type="button"
      className="open-logs"
      onClick={() => openLogs(request)}
      title={`Show the logs of ${request.target}${request.container ? ` (${request.container})` : ''}${request.namespace ? ` in ${request.namespace}` : ''}`}
      data-testid={testId}
    >
      <Icon name="logs" size={13} />
      {label ?? name}
    </button>
  );
}
