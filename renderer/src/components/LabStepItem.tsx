// One step of the plan: its state (shape and word), title, what it is doing, a thin progress
// bar while it runs with a known percentage, the error that stopped it, and its log in a
// terminal pane that opens on demand.

import { lazy, Suspense } from 'react';
import type { PlanStepInfo, StepState } from '../../../core/contract';
import type { StepLog } from '../model/step-logs';
import { Icon } from './Icon';
import { StepError } from './StepError';
import { StepStateIcon } from './StepStateIcon';

// xterm is loaded when the first log is opened, not with the app.
const TerminalPane = lazy(() => import('./TerminalPane').then((module) => ({ default: module.TerminalPane })));

const WORDS: Record<StepState, string> = {
  pending: 'Waiting',
  running: 'Running',
  done: 'Done',
  reused: 'Already there',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function LabStepItem({ step, log, expanded, onToggle, paneKey }: { step: PlanStepInfo; log: StepLog | undefined; expanded: boolean; onToggle: () => void; paneKey: string }) {
  const percent = step.state === 'running' && typeof step.percent === 'number' ? Math.max(0, Math.min(100, step.percent)) : null;
  const lines = log?.total ?? 0;
  const logId = `lab-step-log-${step.id}`;
  // A failed step's detail repeats its error message, which is shown in full below.
  const detail = step.state === 'failed' && step.error ? '' : step.detail;
  // Settled steps keep to one line so the list reads at a glance; the live one gets room.
  const inline = step.state !== 'running' && step.state !== 'failed';
  return (
    <li className={`step step-${step.state}`} data-testid={`lab-step-${step.id}`} data-state={step.state}>
      <StepStateIcon state={step.state} />
      <div className="step-body">
        <div className="step-head">
          <h3 className="step-title">{step.title}</h3>
          <span className={`step-word step-word-${step.state}`}>
            {WORDS[step.state]}
            {percent !== null ? <span className="step-percent"> · {Math.round(percent)}%</span> : null}
          </span>
          {inline && detail ? (
            <span className="step-detail step-detail-inline" title={detail}>
              {detail}
            </span>
          ) : (
            <span className="step-spacer" />
          )}
          <button
            type="button"
            className="step-log-toggle"
            aria-expanded={expanded}
            aria-controls={expanded ? logId : undefined}
            onClick={onToggle}
            disabled={lines === 0 && !expanded}
            data-testid={`lab-step-log-toggle-${step.id}`}
          >
            <span className={`chevron${expanded ? ' chevron-open' : ''}`}>
              <Icon name="chevron" size={14} />
            </span>
            {lines === 0 ? 'No log yet' : `Log · ${lines} line${lines === 1 ? '' : 's'}`}
          </button>
        </div>
        {!inline && detail ? <p className="step-detail">{detail}</p> : null}
        {percent !== null ? (
          <div className="step-track" role="progressbar" aria-label={`${step.title} progress`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(percent)}>
            <div className="step-fill" style={{ width: `${Math.max(2, percent)}%` }} />
          </div>
        ) : null}
        {step.state === 'failed' && step.error ? <StepError error={step.error} /> : null}
        {expanded ? (
          <div id={logId}>
            <Suspense fallback={<div className="terminal-frame" aria-busy="true" />}>
              <TerminalPane key={paneKey} log={log} label={`Log of ${step.title}`} testId={logId} />
            </Suspense>
          </div>
        ) : null}
      </div>
    </li>
  );
}
