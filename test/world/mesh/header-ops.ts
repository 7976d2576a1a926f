// VirtualService `headers.request|response` set/add/remove applied to a header map, in Envoy's
// order: removals first, then `set` (overwrite) and `add` (append). Names are compared
// lower-case. It owns nothing else about requests or responses.
import type { HeaderOperations } from './mesh-config.js';

export type HeaderMap = Record<string, string | string[]>;

export function applyHeaderOps(headers: HeaderMap, ops: readonly (HeaderOperations | undefined)[]): HeaderMap {
  const out: HeaderMap = { ...headers };
  for (const op of ops) {
    if (!op) continue;
    for (const name of op.remove ?? []) delete out[name.toLowerCase()];
    for (const [name, value] of Object.entries(op.set ?? {})) out[name.toLowerCase()] = value;
    for (const [name, value] of Object.entries(op.add ?? {})) {
      const key = name.toLowerCase();
      const existing = out[key];
      out[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
  }
  return out;
}

/** Request headers travel as one string per name (HTTP/1 folding); responses keep arrays. */
export function foldHeaders(headers: HeaderMap): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}
