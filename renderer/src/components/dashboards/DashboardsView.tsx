// The Dashboards section: Kiali, Grafana, Jaeger and Prometheus as tabs, each the live UI served
// through the lab's monitor gateway, or why it cannot be shown; and a split view that puts the
// Traffic controls beside Kiali's graph or Grafana's service dashboard. It asks the core how the
// dashboards are when shown; the store's connection reads them again after a plan run ends and
// after the connection comes back.

import { useCallback, useEffect } from 'react';
import type { DashboardName } from '../../../../core/contract';
import { useCore } from '../../client-context';
import { useAppState } from '../../state/app-store';
import { dashboardsStore, loadDashboardsHealth, shownReport, useDashboardsState } from '../../state/dashboards-store';
import '../../styles/dashboards.css';
import { ErrorNotice } from '../ErrorNotice';
import { Icon } from '../Icon';
import { DashboardPane } from './DashboardPane';
import { DashboardSplitView } from './DashboardSplitView';
import { DashboardTabs } from './DashboardTabs';

export function DashboardsView({ onOpenSetup }: { onOpenSetup: () => void }) {
  const { client } = useCore();
  const face = useAppState((state) => state.status?.face ?? null);
  const active = useDashboardsState((state) => state.active);
  const split = useDashboardsState((state) => state.split);
  const report = useDashboardsState(shownReport);
  const checking = useDashboardsState((state) => state.health.kind === 'loading');
  const healthError = useDashboardsState((state) => (state.health.kind === 'error' ? state.health.error : null));
  const paneError = useDashboardsState((state) => state.paneError);
  const health = useCallback((name: DashboardName) => report?.dashboards.find((entry) => entry.name === name), [report]);

  useEffect(() => {
    void loadDashboardsHealth(client, dashboardsStore);
  }, [client]);

  const dispatch = dashboardsStore.getState().dispatch;
  return (
    <div className="dash-page" data-testid="section-dashboards" data-split={split ? 'on' : 'off'}>
      <header className="page-header dash-header">
        <div>
          <h1 className="page-title">Dashboards</h1>
          <p className="page-subtitle">
            The lab’s Kiali, Grafana, Jaeger and Prometheus, live, through the monitor gateway{report ? ` on ${report.gateway}` : ''}.
          </p>
        </div>
        <div className="page-actions">
          <button type="button" className="button button-secondary" aria-pressed={split} onClick={() => dispatch({ type: 'split-toggled', split: !split })} data-testid="dashboards-split-toggle">
            <Icon name="traffic" size={16} />
            {split ? 'Dashboards only' : 'Split view with Traffic'}
          </button>
          <button type="button" className="button button-secondary" onClick={() => void loadDashboardsHealth(client, dashboardsStore)} disabled={checking} data-testid="dashboards-recheck">
            {checking ? <span className="spinner" aria-hidden="true" /> : <Icon name="refresh" size={16} />}
            Check again
          </button>
        </div>
      </header>

      {healthError ? <ErrorNotice error={healthError} /> : null}
      {paneError ? <ErrorNotice error={paneError} /> : null}

      {split ? (
        <DashboardSplitView health={health} face={face} onOpenSetup={onOpenSetup} />
      ) : (
        <>
          <DashboardTabs active={active} health={health} face={face} onChoose={(name) => dispatch({ type: 'tab-chosen', name })} />
          <DashboardPane key={active} name={active} health={health(active)} face={face} onOpenSetup={onOpenSetup} />
        </>
      )}
    </div>
  );
}
