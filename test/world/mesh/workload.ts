// The contract between the data plane and the in-process workloads it serves: a request in, a
// response out, and a context that lets a workload call other services from its own pod (so
// those calls take the same mesh routing). Workloads are chosen by their pod's labels.
import type { HeaderMap } from './header-ops.js';
import type { Pod } from './mesh-config.js';

export interface WorkloadRequest {
  method: string;
  path: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body?: Buffer;
}

export interface WorkloadResponse {
  status: number;
  headers: HeaderMap;
  body: string | Buffer;
}

export interface CallOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** The application's own client timeout (e.g. productpage's 3 s); the call rejects when it passes. */
  timeoutMs?: number;
}

export interface WorkloadContext {
  pod: Pod;
  /** `http://reviews:9080/reviews/0` from this pod; rejects on connection errors and client timeouts. */
  call(url: string, options?: CallOptions): Promise<WorkloadResponse>;
  /** Aborted when the caller gave up (its proxy timed out or reset the stream). */
  signal: AbortSignal;
}

export type WorkloadHandler = (req: WorkloadRequest, ctx: WorkloadContext) => Promise<WorkloadResponse>;

/** Which handler serves a pod, or undefined for the generic answer. */
export type WorkloadCatalog = (pod: Pod) => WorkloadHandler | undefined;

export function json(status: number, value: unknown, headers: HeaderMap = {}): WorkloadResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

export function html(status: number, body: string, headers: HeaderMap = {}): WorkloadResponse {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', ...headers }, body };
}

export function text(status: number, body: string, headers: HeaderMap = {}): WorkloadResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body };
}

/** Rejected by `call` when the connection cannot be made (no such Service, nothing listening). */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
}

/** Rejected by `call` when the application's own client timeout passes. */
export class ClientTimeoutError extends Error {
  override readonly name = 'ClientTimeoutError';
}

/** The peer closed the connection before answering (a STRICT sidecar refusing plaintext): Envoy's reset, curl's exit 56. */
export class ConnectionResetError extends Error {
  override readonly name = 'ConnectionResetError';
}
