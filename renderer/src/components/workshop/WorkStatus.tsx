// The long work of the lesson as it runs and how it ended: the task's step and percent, the error
// when it failed, what setup, solve or reset changed when it succeeded.

import { errorText } from '../../model/error-text';
import type { WorkView, WorkshopWork } from '../../state/workshop-state';

const NAMES: Record<WorkshopWork, string> = { start: 'Starting the lesson', check: 'Checking your work', solve: 'Solving', reset: 'Resetting the lesson', 'reset-all': 'Resetting the workshop' };
const DONE: Record<WorkshopWork, string> = { start: 'Lesson started: its setup is in place.', check: 'Checked.', solve: 'Solved: the solution is applied. Check to see it pass.', reset: 'The lesson is back at its start.', 'reset-all': 'The workshop is back at a fresh lab.' };

export function WorkStatus({ work, onDismiss }: { work: WorkView; onDismiss: () => void }) {
  switch (work.kind) {
    case 'idle':
      return null;
    case 'requesting':
    case 'running': {
      const task = work.kind === 'running' ? work.task : null;
      return (
        <p className="ws-work ws-work-running" role="status" data-testid="workshop-work" data-work={work.work} data-state="running">
          <span className="spinner" aria-hidden="true" /> {NAMES[work.work]}… {task?.step ?? ''}
          {task?.percent !== null && task?.percent !== undefined ? ` (${Math.round(task.percent)} %)` : ''}
        </p>
      );
    }
    case 'failed': {
      const text = errorText(work.error);
      return (
        <div className="ws-work ws-work-failed" role="alert" data-testid="workshop-work" data-work={work.work} data-state="failed">
          <p>
            <strong>{NAMES[work.work]} failed:</strong> {text.message} <code>{text.code}</code>
          </p>
          <button type="button" className="button button-secondary" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      );
    }
    case 'done': {
      // A check's results speak for themselves below.
      if (work.work === 'check') return null;
      const changed = work.action?.objects.filter((object) => object.action !== 'unchanged') ?? [];
      return (
        <div className="ws-work ws-work-done" role="status" data-testid="workshop-work" data-work={work.work} data-state="done">
          <p>{DONE[work.work]}</p>
          {changed.length > 0 ? (
            <ul className="ws-changed">
              {changed.map((object, index) => (
                <li key={index}>
                  {object.action} {object.kind} {object.namespace ? `${object.namespace}/` : ''}
                  {object.name}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      );
    }
  }
}
