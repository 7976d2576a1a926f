// The Traffic screen: loads the services, follows the generator's events, shows an honest empty
// state when there is nothing to steer, and otherwise the workspace. It stops the generator run
// it started when it closes.

import { useEffect, useMemo } from 'react';
import { useCore, useReconnected } from '../../client-context';
import { trafficReadiness } from '../../model/traffic-readiness';
import { labStore, loadLabStatus, useLabState } from '../../state/lab-store';
import { trafficActions, trafficStore, useTrafficState } from '../../state/traffic-store';
import { ErrorNotice } from '../ErrorNotice';
import { Icon } from '../Icon';
import '../../styles/traffic.css';
import { TrafficEmptyState } from './TrafficEmptyState';
import { TrafficWorkspace } from './TrafficWorkspace';

export function TrafficView({ onOpenSetup }: { onOpenSetup: () => void }) {
  const { client } = useCore();
  const actions = useMemo(() => trafficActions(client), [client]);
  const services = useTrafficState((current) => current.services);
  const servicesError = useTrafficState((current) => current.servicesError);
  const servicesLoading = useTrafficState((current) => current.servicesLoading);
  const lab = useLabState((current) => current.status);

  useEffect(() => {
    void actions.loadServices();
    void actions.resumeRuns();
    if (labStore.getState().state.status.kind === 'unknown') void loadLabStatus(client, labStore);
    const { dispatch } = trafficStore.getState();
    const offWindow = client.on('traffic:window', (window) => dispatch({ type: 'window-received', window }));
    const offRun = client.on('traffic:run', (run) => dispatch({ type: 'run-updated', run }));
    return () => {
      offWindow();
      offRun();
      // "Stops when the pane closes": the run this screen started ends with it.
      void actions.leave();
    };
  }, [client, actions]);

  // After a dropped connection, events may have been missed: read the state again.
  useReconnected(() => {
    void actions.loadServices();
    void actions.resumeRuns();
  });

  const readiness = trafficReadiness(lab, services, servicesError);

  return (
    <div className="page page-wide" data-testid="section-traffic">
      <header className="page-header">
        <div>
          <h1 className="page-title">Traffic</h1>
          <p className="page-subtitle">Shift requests between versions of a service, and see the split that real requests take.</p>
        </div>
        {readiness.kind === 'ready' || readiness.kind === 'error' ? (
          <div className="page-actions">
            <button type="button" className="button button-secondary" onClick={() => void actions.loadServices()} disabled={servicesLoading} data-testid="traffic-refresh">
              <Icon name="refresh" size={16} />
              Read again
            </button>
          </div>
        ) : null}
      </header>

      {readiness.kind === 'checking' ? (
        <p className="lab-looking" role="status">
          <span className="spinner" aria-hidden="true" />
          Reading the services of the lab…
        </p>
      ) : null}
      {readiness.kind === 'no-lab' || readiness.kind === 'no-istio' || readiness.kind === 'no-services' ? <TrafficEmptyState readiness={readiness} onOpenSetup={onOpenSetup} /> : null}
      {readiness.kind === 'error' ? (
        <ErrorNotice
          error={readiness.error}
          action={
            <button type="button" className="button button-secondary" onClick={() => void actions.loadServices()}>
              Try again
            </button>
          }
        />
      ) : null}

      {readiness.kind === 'ready' && servicesError ? <ErrorNotice error={servicesError} /> : null}
      {readiness.kind === 'ready' ? <TrafficWorkspace actions={actions} /> : null}
    </div>
  );
}
