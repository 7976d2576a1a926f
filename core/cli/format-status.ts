// Renders a lab's status for a terminal: where it runs, what is ready (n/n, sidecars), and the
// URLs of Bookinfo and the dashboards, with how each dashboard is exposed.

import { DASHBOARD_NAMES, DASHBOARD_TITLES, type ComponentStatusInfo, type LabStatusInfo } from '../contract';
import { DASHBOARDS, MONITOR_NAMESPACE } from '../gateways';

function component(item: ComponentStatusInfo, colour: boolean): string {
  const ok = item.total > 0 && item.ready >= item.total;
  const mark = ok ? '✔' : '…';
  const painted = colour ? `\u001b[${ok ? '32' : '33'}m${mark}\u001b[0m` : mark;
  const sidecar = item.withSidecar === undefined ? '' : `, sidecars ${item.withSidecar}/${item.total}`;
  return `  ${painted} ${item.name.padEnd(22)} ${item.ready}/${item.total} ready${sidecar}`;
}

export function formatLabStatus(status: LabStatusInfo, colour: boolean): string {
  const where = status.provider === 'kind' ? `kind cluster ${status.name} (context ${status.context})` : `your cluster (context ${status.context})`;
  if (!status.exists) {
    return [`No lab answers at ${where}.`, status.problem ? status.problem.message : 'Create it with `meshdeck up`.'].join('\n');
  }
  const section = (title: string, items: ComponentStatusInfo[]) => [title, ...(items.length > 0 ? items.map((item) => component(item, colour)) : ['  (not installed)'])];
  return [
    `Lab on ${where}${status.istioVersion ? `, Istio ${status.istioVersion}` : ''}`,
    ...section('Istio', status.istio),
    ...section('Bookinfo', status.bookinfo),
    ...section('Dashboards', status.addons),
    '',
    `Bookinfo    ${status.urls.bookinfo}`,
    ...formatDashboardUrls(status.urls.dashboards),
  ].join('\n');
}

/**
 * Each dashboard's URL and how it is exposed: a host name on the monitor gateway (the ingress
 * gateway's HTTP port, published on 127.0.0.1 only) routed to its Service in istio-system.
 */
export function formatDashboardUrls(urls: LabStatusInfo['urls']['dashboards']): string[] {
  return DASHBOARD_NAMES.flatMap((name) => {
    const url = new URL(urls[name]);
    const dashboard = DASHBOARDS.find((d) => d.name === name);
    const service = dashboard ? ` → ${dashboard.service}.${MONITOR_NAMESPACE}:${dashboard.port}` : '';
    return [`${DASHBOARD_TITLES[name].padEnd(11)} ${urls[name]}`, `            via monitor gateway ${url.host}${service} (Host header routing, 127.0.0.1 only)`];
  });
}
