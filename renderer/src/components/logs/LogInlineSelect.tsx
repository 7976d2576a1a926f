// One labelled choice in the log options row ("From", "Since", "Keep"): a short word and a
// select whose options are worded by the caller.

export function LogInlineSelect<C extends string | number>({
  label,
  title,
  value,
  choices,
  words,
  onChoose,
  testId,
}: {
  label: string;
  title?: string;
  value: C;
  choices: readonly C[];
  words: (choice: C) => string;
  /** The chosen option's value, as the select gives it. */
  onChoose: (value: string) => void;
  testId: string;
}) {
  return (
    <label className="log-inline-field" title={title}>
      <span>{label}</span>
      <select className="input" value={value} onChange={(event) => onChoose(event.target.value)} data-testid={testId}>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {words(choice)}
          </option>
        ))}
      </select>
    </label>
  );
}
