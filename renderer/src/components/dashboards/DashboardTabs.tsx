// The four dashboards as tabs, each marked with whether its pane can show it (so a broken one is
// visible before it is opened).

import { useRef, type KeyboardEvent } from 'react';
import { DASHBOARD_NAMES, DASHBOARD_TITLES, type AppStatusInfo, type DashboardHealthInfo, type DashboardName } from '../../../../core/contract';
import { paneVerdict, tabStatus } from '../../model/dashboard-panes';
import { StatusIcon } from '../StatusIcon';

export function DashboardTabs({
  active,
  health,
  face,
  onChoose,
}: {
  active: DashboardName;
  health: (name: DashboardName) => DashboardHealthInfo | undefined;
  face: AppStatusInfo['face'] | null;
  onChoose: (name: DashboardName) => void;
}) {
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  // Arrow keys move between tabs, as in every tablist.
  function onKey(event: KeyboardEvent<HTMLDivElement>) {
    const index = DASHBOARD_NAMES.indexOf(active);
    const next = event.key === 'ArrowRight' ? index + 1 : event.key === 'ArrowLeft' ? index - 1 : null;
    if (next === null) return;
    event.preventDefault();
    const name = DASHBOARD_NAMES[(next + DASHBOARD_NAMES.length) % DASHBOARD_NAMES.length]!;
    onChoose(name);
    tabs.current[DASHBOARD_NAMES.indexOf(name)]?.focus();
  }

  return (
    <div className="dash-tabs" role="tablist" aria-label="Dashboards" onKeyDown={onKey}>
      {DASHBOARD_NAMES.map((name, index) => {
        const status = tabStatus(paneVerdict(health(name), face));
        return (
          <button
            key={name}
            ref={(element) => {
              tabs.current[index] = element;
            }}
            type="button"
            role="tab"
            className="dash-tab"
            aria-selected={name === active}
            tabIndex={name === active ? 0 : -1}
            onClick={() => onChoose(name)}
            data-testid={`dashboard-tab-${name}`}
            data-status={status}
          >
            <StatusIcon status={status} size={15} />
            {DASHBOARD_TITLES[name]}
          </button>
        );
      })}
    </div>
  );
}
