// The Traffic screen: loads the services and any generator run already going, shows an honest
// empty state when there is nothing to steer, and otherwise the workspace. While open it has the
// core follow the cluster (other writers' changes and a lab that goes away arrive as events); it
// stops the generator run it started when it closes. The stores' connection carries the events.

import { useEffect } from 'react';
import { useCore } from '../../client-context';
import { trafficReadiness } from '../../model/traffic-readiness';
import { generatorStore, resumeRuns, stopOwnRun, useGeneratorState } from '../../state/generator-store';
import { labStore, loadLabStatus, useLabState } from '../../state/lab-store';
import { followCluster, loadServices, routingStore, unfollowCluster, useRoutingState } from '../../state/routing-store';
import { ErrorNotice } from '../ErrorNotice';
import { Icon } from '../Icon';
import '../../styles/traffic.css';
import '../../styles/policies.css';
import { TrafficEmptyState } from './TrafficEmptyState';
import { TrafficLabGone } from './TrafficLabGone';
import { TrafficWorkspace } from './TrafficWorkspace';

export function TrafficView({ onOpenSetup }: { onOpenSetup: () => void }) {
  const { client } = useCore();
  const services = useRoutingState((current) => current.services);
  const servicesError = useRoutingState((current) => current.servicesError);
  const servicesLoading = useRoutingState((current) => current.servicesLoading);
  const lab = useLabState((current) => current.status);
  const labGone = useRoutingState((current) => current.labGone);
  const run = useGeneratorState((current) => current.run);

  useEffect(() => {
    void followCluster(client, routingStore);
    void loadServices(client, routingStore);
    void resumeRuns(client, generatorStore);
    if (labStore.getState().state.status.kind === 'unknown') void loadLabStatus(client, labStore);
    // "Stops when the pane closes": the run this screen started ends with it.
    return () => {
      void stopOwnRun(client, generatorStore);
      void unfollowCluster(client, routingStore);
    };
  }, [client]);

  const readiness = trafficReadiness(lab, services, servicesError, labGone);

  return (
    <div className="page page-wide page-traffic" data-testid="section-traffic">
      <header className="page-header">
        <div>
          <h1 className="page-title">Traffic</h1>
          <p className="page-subtitle">Shift requests between versions of a service, and see the split that real requests take.</p>
        </div>
        {readiness.kind === 'ready' || readiness.kind === 'error' ? (
          <div className="page-actions">
            <button type="button" className="button button-secondary" onClick={() => void loadServices(client, routingStore)} disabled={servicesLoading} data-testid="traffic-refresh">
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
      {readiness.kind === 'gone' ? <TrafficLabGone reason={readiness.reason} run={run} onOpenSetup={onOpenSetup} /> : null}
      {readiness.kind === 'no-lab' || readiness.kind === 'no-istio' || readiness.kind === 'no-services' ? <TrafficEmptyState readiness={readiness} onOpenSetup={onOpenSetup} /> : null}
      {readiness.kind === 'error' ? (
        <ErrorNotice
          error={readiness.error}
          action={
            <button type="button" className="button button-secondary" onClick={() => void loadServices(client, routingStore)}>
              Try again
            </button>
          }
        />
      ) : null}

      {readiness.kind === 'ready' && servicesError ? <ErrorNotice error={servicesError} /> : null}
      {readiness.kind === 'ready' ? <TrafficWorkspace /> : null}
    </div>
  );
}
