// What a write request says beyond its object, for the admission plugins that care (schema
// validation, the Istio webhook): the verb it came as, its `fieldValidation` directive and the
// warnings it earns on the way (sent back as `Warning: 299` headers). No validation here.
import type { KubeObject } from './store.js';

/** The `fieldValidation` query parameter; the real server's default when it is absent is Warn. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Which request a write came from: the server's answers to unknown fields differ between them. */
export type WriteVerb = 'create' | 'update' | 'patch' | 'apply';

export interface WriteRequest {
  verb: WriteVerb;
  /** The API version the client wrote in (the object itself is kept in the preferred one). */
  version: string;
  fieldValidation: FieldValidation;
  /** Collects the `Warning` header texts the write earns (unknown fields under Warn). */
  warnings: string[];
  /** The apply configuration of a server-side apply (its own fields, before the merge). */
  applyConfig?: KubeObject;
}

export function writeRequest(verb: WriteVerb, version: string, options: { fieldValidation?: FieldValidation; warnings?: string[] }, applyConfig?: KubeObject): WriteRequest {
  return { verb, version, fieldValidation: options.fieldValidation ?? 'Warn', warnings: options.warnings ?? [], ...(applyConfig ? { applyConfig } : {}) };
}
