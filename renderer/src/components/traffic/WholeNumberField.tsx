// A labelled whole-number input of the generator: what the user typed stays as typed, and the
// hint below turns into the sentence saying what is wrong while it does not pass.

import type { FieldCheck } from '../../model/generator-settings';

export function WholeNumberField({
  id,
  label,
  hint,
  text,
  check,
  disabled,
  onText,
}: {
  /** The input's id and test id. */
  id: string;
  label: string;
  /** Shown while the text passes. */
  hint: string;
  text: string;
  check: FieldCheck;
  disabled: boolean;
  onText: (text: string) => void;
}) {
  const hintId = `${id}-hint`;
  return (
    <div className={`field${check.ok ? '' : ' field-invalid'}`}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="input input-number"
        inputMode="numeric"
        value={text}
        disabled={disabled}
        aria-invalid={!check.ok}
        aria-describedby={hintId}
        data-testid={id}
        onChange={(event) => onText(event.currentTarget.value)}
      />
      <span className={check.ok ? 'field-hint' : 'field-error'} id={hintId}>
        {check.ok ? hint : check.message}
      </span>
    </div>
  );
}
