// Instead of a broken page: why the dashboard cannot be shown, in the cluster's own words, and
// what to do — run the plan again (only what is not done), check again, or go to Setup when
// there is no lab. A repair shows its progress here, as the Setup card does.

import type { DashboardHealthInfo } from '../../../../core/contract';
import { adviceSegments } from '../../model/advice-segments';
import { repairLabel, type PaneVerdict } from '../../model/dashboard-panes';
import { isRepairing, useDashboardsState } from '../../state/dashboards-store';
import { AdviceText } from '../AdviceText';
import { ErrorNotice } from '../ErrorNotice';
import { Icon } from '../Icon';
import { TaskProgress } from '../TaskProgress';

export function DashboardProblem({
  health,
  verdict,
  checking,
  onRepair,
  onCheckAgain,
  onOpenSetup,
}: {
  health: DashboardHealthInfo;
  verdict: Extract<PaneVerdict, { kind: 'problem' }>;
  checking: boolean;
  onRepair: () => void;
  onCheckAgain: () => void;
  onOpenSetup: () => void;
}) {
  const repair = useDashboardsState((state) => state.repair);
  const repairing = useDashboardsState(isRepairing);
  return (
    <div className="dash-problem" data-testid={`dashboard-problem-${health.name}`} data-problem={health.problem ?? 'framing'}>
      <span className="dash-problem-icon">
        <Icon name={verdict.needsSetup ? 'info' : 'warn'} size={28} />
      </span>
      <h2 className="dash-problem-title">{verdict.title}</h2>
      <p className="dash-problem-reason" data-testid={`dashboard-reason-${health.name}`}>
        {adviceSegments(verdict.reason).map((segment, index) => (segment.kind === 'text' ? <span key={index}>{segment.text}</span> : <code key={index}>{segment.command}</code>))}
      </p>
      {verdict.advice ? <AdviceText advice={verdict.advice} /> : null}
      {health.pods ? (
        <p className="dash-problem-facts">
          Pods ready {health.pods.ready} of {health.pods.total}
          {health.httpStatus !== null ? ` · gateway answered HTTP ${health.httpStatus}` : ''}
          {health.framingDetail ? ` · ${health.framingDetail}` : ''}
        </p>
      ) : null}
      <div className="dash-problem-actions">
        {verdict.fixStep ? (
          <button type="button" className="button button-primary" onClick={onRepair} disabled={repairing} data-testid={`dashboard-repair-${health.name}`}>
            <Icon name="refresh" size={16} />
            {repairLabel(verdict.fixStep)}
          </button>
        ) : null}
        {verdict.needsSetup ? (
          <button type="button" className="button button-primary" onClick={onOpenSetup} data-testid="dashboard-open-setup">
            <Icon name="setup" size={16} />
            Go to Setup
          </button>
        ) : null}
        <button type="button" className="button button-secondary" onClick={onCheckAgain} disabled={checking} data-testid={`dashboard-recheck-${health.name}`}>
          {checking ? <span className="spinner" aria-hidden="true" /> : null}
          Check again
        </button>
      </div>
      {verdict.fixStep ? <p className="dash-problem-note">Repair runs the one-click plan again for this lab; steps that are already done are kept.</p> : null}
      {repair.kind === 'running' || repair.kind === 'requesting' ? <TaskProgress task={repair.kind === 'running' ? repair.task : null} label="Repairing the lab" /> : null}
      {repair.kind === 'failed' ? <ErrorNotice error={repair.error} /> : null}
    </div>
  );
}
