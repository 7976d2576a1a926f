// A gateway host port of the lab options: typed as text (so a wrong entry can be shown and
// explained), numeric keyboard on touch devices.

import type { ChangeEvent } from 'react';

export function LabPortInput({ id, value, invalid, describedBy, onChange, testId }: { id: string; value: string; invalid: boolean; describedBy: string; onChange: (event: ChangeEvent<HTMLInputElement>) => void; testId: string }) {
  return <input id={id} className="input input-port" inputMode="numeric" value={value} onChange={onChange} aria-invalid={invalid ? true : undefined} aria-describedby={describedBy} data-testid={testId} />;
}
