// One task of a lesson: what to do (Markdown), where in MeshDeck, the equivalent meshdeck and
// kubectl commands with copy buttons, what the checks look at, the hint on request and the
// solution's YAML on request.

import { useState } from 'react';
import type { WorkshopTaskInfo } from '../../../../core/contract';
import { CopyButton } from '../CopyButton';
import { LessonMarkdown } from './LessonMarkdown';

function CommandBlock({ label, text, testId }: { label: string; text: string; testId: string }) {
  return (
    <div className="ws-command" data-testid={testId}>
      <span className="ws-command-label">{label}</span>
      <pre className="ws-command-text">{text}</pre>
      <CopyButton text={text} label={`Copy the ${label} command`} />
    </div>
  );
}

export function TaskCard({ task, index, hint, onHint }: { task: WorkshopTaskInfo; index: number; hint: string | undefined; onHint: () => void }) {
  const [solution, setSolution] = useState(false);
  const { instructions } = task;
  return (
    <article className="ws-task" data-testid={`workshop-task-${task.id}`} data-passed={task.passedAt ? 'true' : 'false'}>
      <header className="ws-task-head">
        <h3 className="ws-task-title">
          <span className="ws-task-index">{index + 1}</span> {task.title}
        </h3>
        {task.passedAt ? <span className="ws-badge ws-badge-passed">✓ Done</span> : null}
      </header>
      <LessonMarkdown source={instructions.text} />
      {instructions.ui ? (
        <p className="ws-ui-path">
          <span className="ws-command-label">In MeshDeck</span> {instructions.ui}
        </p>
      ) : null}
      {instructions.meshdeck ? <CommandBlock label="meshdeck" text={instructions.meshdeck} testId={`workshop-task-${task.id}-meshdeck`} /> : null}
      {instructions.kubectl ? <CommandBlock label="kubectl" text={instructions.kubectl} testId={`workshop-task-${task.id}-kubectl`} /> : null}
      {task.checks.length > 0 ? (
        <div className="ws-task-checks">
          <p className="ws-label">Checked</p>
          <ul>
            {task.checks.map((check, at) => (
              <li key={at}>{check.description}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="ws-task-actions">
        {task.hasHint && hint === undefined ? (
          <button type="button" className="button button-secondary" onClick={onHint} data-testid={`workshop-hint-${task.id}`}>
            Hint
          </button>
        ) : null}
        <button type="button" className="button button-secondary" aria-expanded={solution} onClick={() => setSolution(!solution)} data-testid={`workshop-solution-${task.id}`}>
          {solution ? 'Hide solution' : 'Show solution'}
        </button>
      </div>
      {hint !== undefined ? (
        <div className="ws-hint" data-testid={`workshop-hint-text-${task.id}`}>
          <p className="ws-label">Hint</p>
          <LessonMarkdown source={hint} />
        </div>
      ) : null}
      {solution ? (
        <div className="ws-solution">
          <div className="ws-solution-head">
            <p className="ws-label">What “Solve for me” applies</p>
            <CopyButton text={task.solutionYaml} label="Copy the solution YAML" />
          </div>
          <pre className="ws-yaml" data-testid={`workshop-solution-yaml-${task.id}`}>{task.solutionYaml}</pre>
        </div>
      ) : null}
    </article>
  );
}
