// Follows a lesson's deep link in one click: the Dashboards pane it names (and the view whose
// path it gives), the Traffic screen with the service chosen, or the Logs of a workload.

import type { Client, WorkshopLinkInfo } from '../../../core/contract';
import { paneViews } from '../model/dashboard-panes';
import { linkDestination, viewForPath } from '../model/workshop-view';
import { dashboardsStore, shownReport } from './dashboards-store';
import { openLogs } from './logs-store';
import { routingStore, selectService } from './routing-store';

function show(section: string): void {
  window.location.hash = `#/${section}`;
}

/** Returns false for a link this version cannot follow (nothing happens then). */
export function followLessonLink(client: Pick<Client, 'call' | 'on'>, link: WorkshopLinkInfo, namespace: string): boolean {
  const destination = linkDestination(link);
  if (!destination) return false;
  switch (destination.section) {
    case 'dashboards': {
      const dashboards = dashboardsStore.getState();
      dashboards.dispatch({ type: 'tab-chosen', name: destination.dashboard });
      const health = shownReport(dashboards.state)?.dashboards.find((each) => each.name === destination.dashboard);
      const view = viewForPath(paneViews(destination.dashboard, health), destination.path);
      if (view) dashboards.dispatch({ type: 'view-chosen', name: destination.dashboard, view });
      show('dashboards');
      return true;
    }
    case 'traffic':
      selectService(client, routingStore, `${namespace}/${destination.service}`);
      show('traffic');
      return true;
    case 'logs':
      openLogs({ target: destination.target, namespace });
      return true;
  }
}
