// One field of the lab options: a label, the control, what is wrong with it (if anything) and
// a hint. The control is given the ids to point `aria-describedby` at, error first.

import type { ReactNode } from 'react';
import type { LabOptionsField } from '../model/lab-options';

export function LabOptionField({
  formId,
  name,
  label,
  hint,
  error,
  children,
}: {
  /** The form's id; the control's id is `${formId}-${name}`. */
  formId: string;
  name: LabOptionsField;
  label: string;
  hint: string;
  error: string | undefined;
  children: (describedBy: string) => ReactNode;
}) {
  const hintId = `${formId}-${name}-hint`;
  const errorId = `${formId}-${name}-error`;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label className="field-label" htmlFor={`${formId}-${name}`}>
        {label}
      </label>
      {children(error ? `${errorId} ${hintId}` : hintId)}
      {error ? (
        <p className="field-error" id={errorId} data-testid={`lab-option-error-${name}`}>
          {error}
        </p>
      ) : null}
      <p className="field-hint" id={hintId}>
        {hint}
      </p>
    </div>
  );
}
