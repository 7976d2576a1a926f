// A pane's toolbar: back, forward and reload, which view of the dashboard it shows, its address,
// and "Open in browser" (a new browser tab in browser mode; the system browser on the desktop).

import { DASHBOARD_TITLES, type DashboardName, type DashboardViewInfo } from '../../../../core/contract';
import { Icon } from '../Icon';
import type { PaneNavigation } from './pane-navigation';

export function DashboardToolbar({
  name,
  views,
  view,
  url,
  navigation,
  onChooseView,
}: {
  name: DashboardName;
  views: readonly DashboardViewInfo[];
  view: DashboardViewInfo | undefined;
  /** What the pane shows now (it may have navigated away from the view). */
  url: string | undefined;
  /** Null while the pane shows no page. */
  navigation: PaneNavigation | null;
  onChooseView: (id: string) => void;
}) {
  const title = DASHBOARD_TITLES[name];
  return (
    <div className="dash-toolbar" data-testid={`dashboard-toolbar-${name}`}>
      <div className="dash-nav" role="group" aria-label={`${title} navigation`}>
        <button type="button" className="dash-nav-button dash-nav-back" aria-label="Back" title="Back" disabled={!navigation?.canGoBack} onClick={() => navigation?.back()} data-testid={`dashboard-back-${name}`}>
          <Icon name="chevron" size={16} />
        </button>
        <button type="button" className="dash-nav-button" aria-label="Forward" title="Forward" disabled={!navigation?.canGoForward} onClick={() => navigation?.forward()} data-testid={`dashboard-forward-${name}`}>
          <Icon name="chevron" size={16} />
        </button>
        <button type="button" className="dash-nav-button" aria-label="Reload" title="Reload" disabled={!navigation} onClick={() => navigation?.reload()} data-testid={`dashboard-reload-${name}`}>
          <Icon name="refresh" size={15} />
        </button>
      </div>
      {views.length > 1 ? (
        <select className="input dash-view-picker" aria-label={`${title} view`} value={view?.id ?? ''} onChange={(event) => onChooseView(event.currentTarget.value)} data-testid={`dashboard-view-${name}`}>
          {views.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.label}
            </option>
          ))}
        </select>
      ) : view ? (
        <span className="dash-view-label">{view.label}</span>
      ) : null}
      <code className="dash-url" title={url}>
        {url ?? ''}
      </code>
      {url ? (
        <a className="button button-secondary button-small dash-open" href={url} target="_blank" rel="noreferrer" data-testid={`dashboard-open-${name}`}>
          <Icon name="external" size={14} />
          Open in browser
        </a>
      ) : null}
    </div>
  );
}
