// The plan's steps in order, readable at a glance. Logs are folded away; a failed step's log
// opens by itself, and the user can open or close any of them.

import { useState } from 'react';
import type { PlanStepInfo } from '../../../core/contract';
import type { StepLogs } from '../model/step-logs';
import { LabStepItem } from './LabStepItem';

export function LabSteps({ taskId, steps, logs }: { taskId: string; steps: PlanStepInfo[]; logs: StepLogs }) {
  // What the user chose per step, per task; steps without a choice follow their state.
  const [choices, setChoices] = useState<{ taskId: string; open: Record<string, boolean> }>({ taskId, open: {} });
  const open = choices.taskId === taskId ? choices.open : {};
  return (
    <ol className="steps" aria-label="Steps" data-testid="lab-steps">
      {steps.map((step) => {
        const expanded = open[step.id] ?? step.state === 'failed';
        return (
          <LabStepItem
            key={step.id}
            step={step}
            log={logs[step.id]}
            expanded={expanded}
            paneKey={`${taskId}:${step.id}`}
            onToggle={() => setChoices({ taskId, open: { ...open, [step.id]: !expanded } })}
          />
        );
      })}
    </ol>
  );
}
