// What the last "Check my work" found: the lesson's verdict, then per task each check with what
// it expected, what it found and, on failure, the pack's message saying what is missing.

import type { WorkshopCheckInfo } from '../../../../core/contract';
import { checkVerdict, resultsInReadingOrder, taskVerdict } from '../../model/workshop-view';

export function CheckResults({ check, large = false }: { check: WorkshopCheckInfo; large?: boolean }) {
  return (
    <section className={`ws-check ${check.passed ? 'ws-check-passed' : 'ws-check-failed'}${large ? ' ws-check-large' : ''}`} aria-label="Check results" data-testid="workshop-check" data-passed={check.passed}>
      <p className="ws-check-verdict" role="status">
        <span aria-hidden="true">{check.passed ? '✓' : '✗'}</span> {checkVerdict(check)}
      </p>
      {check.tasks.map((task) => (
        <div key={task.task} className="ws-check-task" data-testid={`workshop-check-${task.task}`} data-state={task.state}>
          <p className="ws-check-task-head">
            <strong>{task.title}</strong> <span className={`ws-badge ws-badge-${task.state}`}>{taskVerdict(task)}</span>
          </p>
          <ul className="ws-results">
            {resultsInReadingOrder(task.results).map((result, index) => (
              <li key={index} className={result.passed ? 'ws-result-pass' : 'ws-result-fail'}>
                <span className="ws-result-mark" aria-label={result.passed ? 'passes' : 'fails'}>
                  {result.passed ? '✓' : '✗'}
                </span>
                <div className="ws-result-body">
                  <p>{result.description}</p>
                  {!result.passed && result.message ? <p className="ws-result-message">{result.message}</p> : null}
                  <dl className="ws-result-values">
                    <dt>Expected</dt>
                    <dd>{result.expected}</dd>
                    <dt>Found</dt>
                    <dd>{result.found}</dd>
                  </dl>
                </div>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
