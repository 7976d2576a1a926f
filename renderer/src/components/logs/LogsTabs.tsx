// The Logs section's tabs: the log, the open shell (if any), and the button that opens a shell
// (bash, else sh) in the chosen pod and container.

import { useMemo } from 'react';
import { dispatchLogs, knownTargets, shellTargetOf, useLogsState } from '../../state/logs-store';
import { Icon } from '../Icon';

export function LogsTabs() {
  const targets = useLogsState(knownTargets);
  const target = useLogsState((state) => state.target);
  const container = useLogsState((state) => state.container);
  const tab = useLogsState((state) => state.tab);
  const shell = useLogsState((state) => state.shell);
  const shellAt = useMemo(() => shellTargetOf(targets, target, container), [targets, target, container]);
  return (
    <div className="logs-tabs" role="tablist" aria-label="Log or shell">
      <button type="button" role="tab" className="logs-tab" aria-selected={tab === 'logs'} onClick={() => dispatchLogs({ type: 'tab-chosen', tab: 'logs' })} data-testid="logs-tab">
        <Icon name="logs" size={15} />
        Log
      </button>
      {shell ? (
        <button type="button" role="tab" className="logs-tab" aria-selected={tab === 'shell'} onClick={() => dispatchLogs({ type: 'tab-chosen', tab: 'shell' })} data-testid="shell-tab">
          <span aria-hidden="true">$</span>
          Shell · {shell.pod}
        </button>
      ) : null}
      <button
        type="button"
        className="button button-secondary logs-shell-open"
        onClick={() => shellAt && dispatchLogs({ type: 'shell-opened', shell: shellAt })}
        disabled={!shellAt}
        title={shellAt ? `Open a shell (bash, else sh) in ${shellAt.pod}, container ${shellAt.container}` : 'Pick a pod with a running container first'}
        data-testid="shell-open"
      >
        <span aria-hidden="true">$_</span>
        {shell ? 'New shell' : 'Open shell'}
      </button>
    </div>
  );
}
