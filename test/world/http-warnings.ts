// The fieldValidation query parameter of a write, and the `Warning` headers its answer carries
// (RFC 7234 code 299, agent "-", the text quoted), which kubectl prints as "Warning: …" on stderr.
import type { ServerResponse } from 'node:http';
import type { FieldValidation } from './write-request.js';
import { badRequest } from './status.js';

const directives: FieldValidation[] = ['Ignore', 'Strict', 'Warn'];

/** The directive and the warning sink for WriteOptions; absent means Warn, as in the real server. */
export function fieldValidationOf(q: URLSearchParams, warnings: string[]): { fieldValidation: FieldValidation; warnings: string[] } {
  const raw = q.get('fieldValidation');
  if (raw === null || raw === '') return { fieldValidation: 'Warn', warnings };
  if (!(directives as string[]).includes(raw)) {
    throw badRequest(`fieldValidation: Unsupported value: ${JSON.stringify(raw)}: supported values: ${directives.map((d) => JSON.stringify(d)).join(', ')}`);
  }
  return { fieldValidation: raw as FieldValidation, warnings };
}

export function sendWarnings(res: ServerResponse, warnings: string[]): void {
  if (warnings.length === 0) return;
  res.setHeader('Warning', warnings.map((w) => `299 - ${JSON.stringify(w)}`));
}
