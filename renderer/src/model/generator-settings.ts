// What the traffic generator's fields accept: whole numbers in a range, with a sentence saying
// what is wrong otherwise. The core checks again; this keeps Start disabled until it would pass.

export type FieldCheck = { ok: true; value: number } | { ok: false; message: string };

export function checkWholeNumber(text: string, min: number, max: number, what: string): FieldCheck {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { ok: false, message: `Enter the ${what} as a whole number from ${min} to ${max}.` };
  const value = Number(trimmed);
  if (value < min || value > max) return { ok: false, message: `The ${what} must be from ${min} to ${max}.` };
  return { ok: true, value };
}
