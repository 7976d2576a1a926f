// The Logs section's tabs, like an editor's terminal tabs: the log, one tab per open shell (its
// pod and container, and whether it ended), and the button that opens another shell (bash, else
// sh) in the chosen pod and container. Shells live in their store, not here: leaving the screen
// keeps them. At the limit the button is off and the strip says why.

import { useMemo } from 'react';
import { knownTargets, shellTargetOf, useLogsState } from '../../state/logs-store';
import { shellTabs } from '../../state/shell-tabs';
import { SHELL_LIMIT_MESSAGE, SHELL_TAB_LIMIT, shellsStore, useShellsState, type ShellTab } from '../../state/shells-store';
import { Icon } from '../Icon';

const PHASE_WORDS: Record<ShellTab['phase'], string> = { opening: 'connecting', open: 'connected', ended: 'ended', failed: 'could not open' };

function ShellTabButton({ tab, selected }: { tab: ShellTab; selected: boolean }) {
  const over = tab.phase === 'ended' || tab.phase === 'failed';
  const where = `${tab.pod}/${tab.container}`;
  return (
    <span className="logs-tab-group" data-testid="shell-tab" data-tab-id={tab.id} data-phase={tab.phase} data-running={tab.running}>
      <button
        type="button"
        role="tab"
        className="logs-tab shell-tab"
        aria-selected={selected}
        onClick={() => shellsStore.getState().dispatch({ type: 'tab-shown', id: tab.id })}
        title={`Shell in ${where} (${PHASE_WORDS[tab.phase]}${tab.running ? ', a command is running' : ''})`}
      >
        <span aria-hidden="true">$</span>
        <span className="shell-tab-pod">{tab.pod}</span>
        <span className="shell-tab-container">/{tab.container}</span>
        {over ? (
          <span className={`shell-tab-state shell-tab-${tab.phase}`} data-testid="shell-tab-state">
            {PHASE_WORDS[tab.phase]}
          </span>
        ) : tab.running ? (
          <span className="shell-tab-busy" aria-label="a command is running" />
        ) : null}
      </button>
      <button type="button" className="shell-tab-close" aria-label={`Close the shell in ${where}`} title="Close this shell" onClick={() => shellTabs.requestClose(tab.id)} data-testid="shell-tab-close">
        ×
      </button>
    </span>
  );
}

export function LogsTabs() {
  const targets = useLogsState(knownTargets);
  const target = useLogsState((state) => state.target);
  const container = useLogsState((state) => state.container);
  const namespace = useLogsState((state) => state.namespace);
  const tabs = useShellsState((state) => state.tabs);
  const active = useShellsState((state) => state.active);
  const shellAt = useMemo(() => shellTargetOf(targets, target, container), [targets, target, container]);
  const full = tabs.length >= SHELL_TAB_LIMIT;
  return (
    <div className="logs-tabs-bar">
      <div className="logs-tabs" role="tablist" aria-label="Log and shells">
        <button type="button" role="tab" className="logs-tab" aria-selected={active === null} onClick={() => shellsStore.getState().dispatch({ type: 'tab-shown', id: null })} data-testid="logs-tab">
          <Icon name="logs" size={15} />
          Log
        </button>
        {tabs.map((tab) => (
          <ShellTabButton key={tab.id} tab={tab} selected={tab.id === active} />
        ))}
      </div>
      <button
        type="button"
        className="button button-secondary logs-shell-open"
        onClick={() => shellAt && shellTabs.open(shellAt, namespace)}
        disabled={!shellAt || full}
        title={full ? SHELL_LIMIT_MESSAGE : shellAt ? `Open a shell (bash, else sh) in ${shellAt.pod}, container ${shellAt.container}` : 'Pick a pod with a running container first'}
        data-testid="shell-open"
      >
        <span aria-hidden="true">$_</span>
        {tabs.length > 0 ? 'New shell' : 'Open shell'}
      </button>
      {full ? (
        <span className="logs-tabs-limit" role="status" data-testid="shell-limit">
          {SHELL_LIMIT_MESSAGE}
        </span>
      ) : null}
    </div>
  );
}
