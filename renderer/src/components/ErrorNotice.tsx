// An error from the core as a readable notice: a title chosen by its code and the core's
// message, which says what to do next. Never a stack trace.

import type { ReactNode } from 'react';
import { errorText } from '../model/error-text';
import { Icon } from './Icon';

export function ErrorNotice({ error, action }: { error: unknown; action?: ReactNode }) {
  const text = errorText(error);
  return (
    <div className="notice notice-error" role="alert" data-testid="error-notice" data-code={text.code}>
      <span className="notice-icon">
        <Icon name="fail" size={20} />
      </span>
      <div className="notice-body">
        <p className="notice-title">{text.title}</p>
        <p className="notice-message">{text.message}</p>
        <p className="notice-code">
          Error code <code>{text.code}</code>
        </p>
      </div>
      {action ? <div className="notice-action">{action}</div> : null}
    </div>
  );
}
