// Renders a lab's status for a terminal: where it runs, what is ready (n/n, sidecars), and the
// URLs of Bookinfo and the dashboards.

import type { ComponentStatusInfo, LabStatusInfo } from '../contract';

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
  const { dashboards } = status.urls;
  return [
    `Lab on ${where}${status.istioVersion ? `, Istio ${status.istioVersion}` : ''}`,
    ...section('Istio', status.istio),
    ...section('Bookinfo', status.bookinfo),
    ...section('Dashboards', status.addons),
    '',
    `Bookinfo    ${status.urls.bookinfo}`,
    `Kiali       ${dashboards.kiali}`,
    `Grafana     ${dashboards.grafana}`,
    `Jaeger      ${dashboards.tracing}`,
    `Prometheus  ${dashboards.prometheus}`,
  ].join('\n');
}
