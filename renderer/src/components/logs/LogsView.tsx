// The Logs section: pick a workload or pod and a container, read its log in a terminal that
// follows, pauses, finds, copies and downloads, or open a shell in it. The stream lives as
// long as this section is shown; leaving it (or closing the shell) ends it on the core's side.
// After a reconnect the logs store's connection reads the pods again and reopens the stream.

import { lazy, Suspense, useEffect } from 'react';
import { useCore } from '../../client-context';
import { dispatchLogs, loadLogTargets, logsStore, useLogsState } from '../../state/logs-store';
import { ErrorNotice } from '../ErrorNotice';
import { Icon } from '../Icon';
import { LogOptions } from './LogOptions';
import { LogsTabs } from './LogsTabs';
import { LogTargetPicker } from './LogTargetPicker';
import './logs.css';

// xterm is loaded with the first terminal, not with the app.
const LogPane = lazy(() => import('./LogPane').then((module) => ({ default: module.LogPane })));
const ShellPane = lazy(() => import('./ShellPane').then((module) => ({ default: module.ShellPane })));

export function LogsView() {
  const { client } = useCore();
  const namespace = useLogsState((state) => state.namespace);
  const targetsView = useLogsState((state) => state.targets);
  const tab = useLogsState((state) => state.tab);
  const shell = useLogsState((state) => state.shell);

  const needsTargets = targetsView.kind === 'unknown';

  // Pods come and go between visits: read them again when the section is shown…
  useEffect(() => {
    if (logsStore.getState().state.targets.kind !== 'unknown') void loadLogTargets(client, logsStore);
  }, [client]);

  // …and whenever there are none for the namespace (the first visit, another namespace chosen).
  useEffect(() => {
    if (needsTargets) void loadLogTargets(client, logsStore);
  }, [client, needsTargets]);

  // Leaving the section ends the shell (its pane unmounts); coming back must not start a new one unasked.
  useEffect(() => () => dispatchLogs({ type: 'shell-closed' }), []);

  const empty = targetsView.kind === 'loaded' && targetsView.targets.pods.length === 0 && targetsView.targets.workloads.length === 0;
  return (
    <div className="logs-page" data-testid="section-logs">
      <header className="page-header logs-header">
        <div>
          <h1 className="page-title">Logs</h1>
          <p className="page-subtitle">Follow the logs of a pod, or of every pod of a workload at once, and open a shell in a container.</p>
        </div>
        <LogsTabs />
      </header>

      <LogTargetPicker />
      <LogOptions />

      {targetsView.kind === 'error' ? (
        <ErrorNotice
          error={targetsView.error}
          action={
            <button type="button" className="button button-secondary" onClick={() => void loadLogTargets(client, logsStore)}>
              <Icon name="refresh" size={16} />
              Try again
            </button>
          }
        />
      ) : null}
      {empty ? (
        <p className="logs-empty" data-testid="logs-empty">
          There are no pods in <code>{namespace ?? 'this namespace'}</code>. Pick another namespace, or create the lab in Setup to get Bookinfo.
        </p>
      ) : null}

      <Suspense fallback={<div className="log-pane" aria-busy="true" />}>
        <LogPane hidden={tab !== 'logs'} />
        {shell ? <ShellPane hidden={tab !== 'shell'} /> : null}
      </Suspense>
    </div>
  );
}
