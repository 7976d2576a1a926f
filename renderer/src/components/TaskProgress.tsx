// A running task: what it is doing now, how far it got, and its latest log lines (those of the
// step it runs, else those the screen's store kept of the task's own log).

import type { TaskInfo } from '../../../core/contract';
import type { StepLogs } from '../model/step-logs';
import { latestLogLines } from '../model/task-records';

export function TaskProgress({ task, logs, label }: { task: TaskInfo | null; logs?: StepLogs; label: string }) {
  const percent = task?.percent ?? null;
  const lines = latestLogLines(task, logs);
  const step = task?.step || 'Starting…';
  return (
    <section className="progress-card" aria-label={label} data-testid="task-progress">
      <div className="progress-head">
        <span className="spinner" aria-hidden="true" />
        <p className="progress-step" aria-live="polite">
          {step}
        </p>
        {percent === null ? null : <span className="progress-percent">{Math.round(percent)}%</span>}
      </div>
      <div
        className={`progress-track${percent === null ? ' progress-indeterminate' : ''}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent === null ? undefined : Math.round(percent)}
      >
        <div className="progress-fill" style={percent === null ? undefined : { width: `${Math.max(2, Math.min(100, percent))}%` }} />
      </div>
      {lines.length > 0 ? (
        <pre className="progress-log" aria-label="Latest log lines">
          {lines.join('\n')}
        </pre>
      ) : null}
    </section>
  );
}
