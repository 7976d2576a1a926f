// Browser mode: a dashboard in a frame, straight from its monitor-gateway host name. The frame is
// sandboxed without top navigation, so a dashboard can never move the app's page; a new frame per
// view or reload keeps the tab's history clean.

import { DASHBOARD_TITLES, type DashboardName } from '../../../../core/contract';

export function DashboardFrame({ name, url, frameKey, onLoad }: { name: DashboardName; url: string; frameKey: number; onLoad: () => void }) {
  return (
    <iframe
      key={frameKey}
      className="dash-frame"
      src={url}
      title={`${DASHBOARD_TITLES[name]} dashboard`}
      sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox"
      referrerPolicy="no-referrer"
      allow=""
      onLoad={onLoad}
      data-testid={`dashboard-frame-${name}`}
    />
  );
}
