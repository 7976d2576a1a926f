// The lab card while it follows a lab task: the links and summary once created, where and why
// it stopped, Retry or Continue, and the plan's steps with their logs (folded away once all
// finished). A delete in progress keeps showing the lab it is deleting.

import type { LabOptionsInfo, LabStatusInfo, TaskInfo } from '../../../core/contract';
import { errorText } from '../model/error-text';
import { describeOptions } from '../model/lab-options';
import type { StepLogs } from '../model/step-logs';
import { failedStep } from '../state/lab-store';
import { ErrorNotice } from './ErrorNotice';
import { Icon } from './Icon';
import { LabLinks } from './LabLinks';
import { LabSteps } from './LabSteps';
import { LabSummary } from './LabSummary';
import { TaskProgress } from './TaskProgress';

export function LabTaskBody({ task, logs, present, options, onRetry, busy }: { task: TaskInfo; logs: StepLogs; present: LabStatusInfo | null; options: LabOptionsInfo; onRetry: () => void; busy: boolean }) {
  const result = task.result?.kind === 'lab' ? task.result.status : null;
  const steps = task.steps ?? [];
  const failedWithoutStep = task.state === 'failed' && task.error && !steps.some((step) => step.state === 'failed');
  const failed = task.state === 'failed' ? failedStep(task) : null;
  const stopped = failed?.error ? { title: failed.title, error: failed.error } : null;
  return (
    <>
      {task.state === 'succeeded' && result ? (
        <>
          <LabLinks urls={result.urls} />
          <LabSummary status={result} />
        </>
      ) : null}
      {stopped ? (
        <p className="lab-stopped" data-testid="lab-stopped">
          <Icon name="fail" size={16} />
          <span>
            Stopped at <strong>{stopped.title}</strong>: {errorText(stopped.error).title.toLowerCase()}. The step below says why and what to do.
          </span>
        </p>
      ) : null}
      {failedWithoutStep && task.error ? <ErrorNotice error={task.error} /> : null}
      {task.state === 'failed' || task.state === 'cancelled' ? (
        <div className="lab-retry-row">
          <button type="button" className="button button-primary" onClick={onRetry} disabled={busy} data-testid="lab-retry">
            <Icon name="refresh" size={16} />
            {task.state === 'failed' ? 'Retry' : 'Continue'}
          </button>
          <span className="lab-retry-hint">{task.kind === 'lab-up' ? `Runs the plan again with the same options (${describeOptions(options)}).` : ''}</span>
        </div>
      ) : null}
      {steps.length > 0 ? (
        task.state === 'succeeded' ? (
          <details className="lab-done-steps">
            <summary>All {steps.length} steps finished · show them and their logs</summary>
            <LabSteps taskId={task.id} steps={steps} logs={logs} />
          </details>
        ) : (
          <LabSteps taskId={task.id} steps={steps} logs={logs} />
        )
      ) : task.state === 'running' ? (
        <TaskProgress task={task} logs={logs} label={task.title} />
      ) : null}
      {task.state !== 'succeeded' && present && task.kind === 'lab-down' ? <LabSummary status={present} /> : null}
    </>
  );
}
