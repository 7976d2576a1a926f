// One dashboard: its toolbar and, below, the live page (a frame in a browser, a native pane on the
// desktop) or, when the dashboard cannot be shown, why and what to do about it.

import { useMemo } from 'react';
import { DASHBOARD_TITLES, type AppStatusInfo, type DashboardHealthInfo, type DashboardName } from '../../../../core/contract';
import { useCore } from '../../client-context';
import { chosenView, paneVerdict, paneViews } from '../../model/dashboard-panes';
import { dashboardsStore, loadDashboardsHealth, repairDashboards, useDashboardsState } from '../../state/dashboards-store';
import { DashboardFrame } from './DashboardFrame';
import { DashboardProblem } from './DashboardProblem';
import { DashboardToolbar } from './DashboardToolbar';
import { NativeDashboardView } from './NativeDashboardView';
import { useFrameNavigation, useNativeNavigation } from './pane-navigation';

export function DashboardPane({
  name,
  health,
  face,
  service,
  onOpenSetup,
}: {
  name: DashboardName;
  health: DashboardHealthInfo | undefined;
  face: AppStatusInfo['face'] | null;
  /** The service the views focus on (the split view follows the Traffic screen's). */
  service?: string;
  onOpenSetup: () => void;
}) {
  const { client } = useCore();
  const chosen = useDashboardsState((state) => state.views[name]);
  const checking = useDashboardsState((state) => state.health.kind === 'loading');
  const reported = useDashboardsState((state) => state.panes[name]);
  const views = useMemo(() => paneViews(name, health, service), [name, health, service]);
  const view = chosenView(views, chosen);
  const verdict = paneVerdict(health, face);
  const showing = verdict.kind === 'show' && view !== undefined;

  const frame = useFrameNavigation(view?.url ?? '');
  const native = useNativeNavigation(client, name);
  const navigation = !showing ? null : face === 'desktop' ? native : frame;
  // On the desktop main tells where the pane went; a browser cannot read a cross-origin frame's address.
  const url = !showing ? health?.url : face === 'desktop' && reported ? reported.url : view?.url;

  return (
    <section className="dash-pane" aria-label={`${DASHBOARD_TITLES[name]} dashboard`} data-testid={`dashboard-pane-${name}`} data-state={verdict.kind}>
      <DashboardToolbar name={name} views={views} view={view} url={url} navigation={navigation} onChooseView={(id) => dashboardsStore.getState().dispatch({ type: 'view-chosen', name, view: id })} />
      <div className="dash-pane-body">
        {showing && face === 'desktop' ? <NativeDashboardView name={name} url={view.url} /> : null}
        {showing && face === 'browser' ? <DashboardFrame name={name} url={view.url} frameKey={frame.frameKey} onLoad={frame.onLoad} /> : null}
        {verdict.kind === 'problem' && health ? (
          <DashboardProblem
            health={health}
            verdict={verdict}
            checking={checking}
            onRepair={() => void repairDashboards(client, dashboardsStore)}
            onCheckAgain={() => void loadDashboardsHealth(client, dashboardsStore)}
            onOpenSetup={onOpenSetup}
          />
        ) : null}
        {verdict.kind === 'checking' ? (
          <p className="dash-checking" role="status">
            <span className="spinner" aria-hidden="true" />
            Checking the dashboard…
          </p>
        ) : null}
      </div>
    </section>
  );
}
