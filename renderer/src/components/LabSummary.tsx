// The lab at a glance: which cluster and context, the Istio version, and how many of the Istio
// components, Bookinfo pods (with their sidecars) and dashboards are ready; and a Logs button
// per Bookinfo and Istio workload.

import type { ComponentStatusInfo, LabStatusInfo } from '../../../core/contract';
import { WorkloadLogLinks } from './logs/WorkloadLogLinks';

function count(components: ComponentStatusInfo[]): { ready: number; total: number; sidecars: number } {
  return components.reduce((sum, component) => ({ ready: sum.ready + component.ready, total: sum.total + component.total, sidecars: sum.sidecars + (component.withSidecar ?? 0) }), {
    ready: 0,
    total: 0,
    sidecars: 0,
  });
}

function Readiness({ label, components, sidecars }: { label: string; components: ComponentStatusInfo[]; sidecars?: boolean }) {
  const sum = count(components);
  const complete = sum.total > 0 && sum.ready === sum.total && (!sidecars || sum.sidecars === sum.total);
  const notReady = components.filter((component) => component.ready < component.total);
  return (
    <div className={`summary-stat${complete ? ' summary-stat-ok' : ' summary-stat-partial'}`} data-testid={`lab-summary-${label.toLowerCase().replace(/\s+/g, '-')}`}>
      <dt>{label}</dt>
      <dd>
        <span>
          <span className="summary-count">
            {sum.ready}/{sum.total}
          </span>{' '}
          ready
        </span>
        {sidecars ? (
          <span className="summary-sub">
            {sum.sidecars}/{sum.total} with sidecar
          </span>
        ) : null}
        {notReady.length > 0 ? <span className="summary-sub">Waiting: {notReady.map((component) => `${component.name} ${component.ready}/${component.total}`).join(', ')}</span> : null}
      </dd>
    </div>
  );
}

export function LabSummary({ status }: { status: LabStatusInfo }) {
  return (
    <>
      <dl className="summary" data-testid="lab-summary">
        <div className="summary-stat">
          <dt>Cluster</dt>
          <dd>
            <span className="summary-strong">{status.name}</span>
            <span className="summary-sub">
              {status.provider === 'kind' ? 'kind' : 'your cluster'} · context <code>{status.context}</code>
            </span>
          </dd>
        </div>
        <div className="summary-stat">
          <dt>Istio</dt>
          <dd>
            <span className="summary-strong">{status.istioVersion ?? 'not installed'}</span>
            <span className="summary-sub">demo profile</span>
          </dd>
        </div>
        <Readiness label="Istio components" components={status.istio} />
        <Readiness label="Bookinfo pods" components={status.bookinfo} sidecars />
        <Readiness label="Dashboards" components={status.addons} />
      </dl>
      <WorkloadLogLinks components={[...status.bookinfo, ...status.istio]} />
    </>
  );
}
