// The Logs section: pick a workload or pod and a container, read its log in a terminal that
// follows, pauses, finds, copies and downloads, or open shells in it (tabs). The log stream
// lives as long as this section is shown; the shells live in their store (state/shell-tabs.ts)
// and outlast it, until their tab is closed. After a reconnect the logs store's connection
// reads the pods again and reopens the stream.

import { lazy, Suspense, useEffect } from 'react';
import { useCore } from '../../client-context';
import { loadLogTargets, logsStore, useLogsState } from '../../state/logs-store';
import { useShellsState } from '../../state/shells-store';
import { ErrorNotice } from '../ErrorNotice';
import { Icon } from '../Icon';
import { LogOptions } from './LogOptions';
import { LogsTabs } from './LogsTabs';
import { LogTargetPicker } from './LogTargetPicker';
import { ShellCloseDialog } from './ShellCloseDialog';
import './logs.css';

// xterm is loaded with the first terminal, not with the app.
const LogPane = lazy(() => import('./LogPane').then((module) => ({ default: module.LogPane })));
const ShellPane = lazy(() => import('./ShellPane').then((module) => ({ default: module.ShellPane })));

export function LogsView() {
  const { client } = useCore();
  const namespace = useLogsState((state) => state.namespace);
  const targetsView = useLogsState((state) => state.targets);
  const fontSize = useLogsState((state) => state.settings.fontSize);
  const shown = useShellsState((state) => state.tabs.find((tab) => tab.id === state.active) ?? null);

  const needsTargets = targetsView.kind === 'unknown';

  // Pods come and go between visits: read them again when the section is shown…
  useEffect(() => {
    if (logsStore.getState().state.targets.kind !== 'unknown') void loadLogTargets(client, logsStore);
  }, [client]);

  // …and whenever there are none for the namespace (the first visit, another namespace chosen).
  useEffect(() => {
    if (needsTargets) void loadLogTargets(client, logsStore);
  }, [client, needsTargets]);

  const empty = targetsView.kind === 'loaded' && targetsView.targets.pods.length === 0 && targetsView.targets.workloads.length === 0;
  return (
    <div className="logs-page" data-testid="section-logs">
      <header className="page-header logs-header">
        <div>
          <h1 className="page-title">Logs</h1>
          <p className="page-subtitle">Follow the logs of a pod, or of every pod of a workload at once, and open shells in its containers.</p>
        </div>
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

      <LogsTabs />
      <Suspense fallback={<div className="log-pane" aria-busy="true" />}>
        <LogPane hidden={shown !== null} />
        {shown ? <ShellPane key={shown.id} tab={shown} fontSize={fontSize} /> : null}
      </Suspense>
      <ShellCloseDialog />
    </div>
  );
}
