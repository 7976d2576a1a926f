// Why a step stopped: the core's message (which says what to do next), any advice it carries
// in its details, and the error code. Commands in backticks get a copy button. Never a stack.

import type { AppErrorInfo } from '../../../core/contract';
import { errorText } from '../model/error-text';
import { AdviceText } from './AdviceText';

export function StepError({ error }: { error: AppErrorInfo }) {
  const text = errorText(error);
  const advice = typeof error.details?.advice === 'string' ? error.details.advice : null;
  return (
    <div className="step-error" role="alert" data-testid="lab-step-error" data-code={text.code}>
      <p className="step-error-title">{text.title}</p>
      <AdviceText advice={text.message} />
      {advice ? <AdviceText advice={advice} /> : null}
      <p className="notice-code">
        Error code <code>{text.code}</code>
      </p>
    </div>
  );
}
