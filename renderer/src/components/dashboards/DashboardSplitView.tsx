// The workshop view: the Traffic screen's controls on the left and, on the right, Kiali's graph
// or Grafana's service dashboard for the service being shifted, so a room sees the slider move
// and the traffic follow.

import { DASHBOARD_TITLES, type AppStatusInfo, type DashboardHealthInfo, type DashboardName } from '../../../../core/contract';
import { dashboardsStore, SPLIT_DASHBOARDS, useDashboardsState } from '../../state/dashboards-store';
import { selectedService } from '../../state/routing-state';
import { useRoutingState } from '../../state/routing-store';
import { TrafficView } from '../traffic/TrafficView';
import { DashboardPane } from './DashboardPane';

export function DashboardSplitView({
  health,
  face,
  onOpenSetup,
}: {
  health: (name: DashboardName) => DashboardHealthInfo | undefined;
  face: AppStatusInfo['face'] | null;
  onOpenSetup: () => void;
}) {
  const shown = useDashboardsState((state) => state.splitDashboard);
  const service = useRoutingState((state) => selectedService(state)?.name);
  return (
    <div className="dash-split" data-testid="dashboards-split">
      <div className="dash-split-traffic">
        <TrafficView onOpenSetup={onOpenSetup} />
      </div>
      <div className="dash-split-dashboard">
        <div className="dash-split-switch" role="radiogroup" aria-label="Dashboard beside the traffic controls">
          {SPLIT_DASHBOARDS.map((name) => (
            <button
              key={name}
              type="button"
              role="radio"
              aria-checked={shown === name}
              className="dash-switch-option"
              onClick={() => dashboardsStore.getState().dispatch({ type: 'split-dashboard-chosen', name })}
              data-testid={`dashboards-split-${name}`}
            >
              {name === 'kiali' ? `${DASHBOARD_TITLES.kiali} graph` : `${DASHBOARD_TITLES.grafana} service dashboard`}
            </button>
          ))}
        </div>
        <DashboardPane key={shown} name={shown} health={health(shown)} face={face} {...(service ? { service } : {})} onOpenSetup={onOpenSetup} />
      </div>
    </div>
  );
}
