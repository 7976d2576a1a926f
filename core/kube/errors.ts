// Turns whatever the Kubernetes API or the network threw into one AppError the faces can show:
// K8S_API naming the object and the server's Status reason/message, or what to do when the API
// server cannot be reached or its certificate is not trusted. CANCELLED for aborts. Never a raw
// stack: the message is for the user, the code is for the UI.
import { AppError } from '../contract';

/** A non-2xx answer from the API server, with its Status fields. */
export class KubeStatusError extends Error {
  readonly statusCode: number;
  readonly reason: string;
  readonly status: KubeStatus | undefined;

  constructor(statusCode: number, status: KubeStatus | undefined, fallback: string) {
    super(status?.message ?? fallback);
    this.name = 'KubeStatusError';
    this.statusCode = statusCode;
    this.reason = status?.reason ?? httpReason(statusCode);
    this.status = status;
  }
}

export interface KubeStatus {
  kind?: string;
  code?: number;
  reason?: string;
  message?: string;
  details?: { kind?: string; name?: string; causes?: { field?: string; message?: string }[] };
}

function httpReason(code: number): string {
  if (code === 401) return 'Unauthorized';
  if (code === 403) return 'Forbidden';
  if (code === 404) return 'NotFound';
  if (code === 409) return 'Conflict';
  if (code === 422) return 'Invalid';
  return `HTTP ${code}`;
}

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

function isTlsCode(code: string): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME|^ERR_SSL|^ERR_TLS/.test(code);
}

/** The first errno-like code in an error or its cause chain (undici wraps the socket error). */
function errorCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function isAbort(err: unknown): boolean {
  if (err instanceof AppError) return err.code === 'CANCELLED';
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'AbortError' || errorCode(err) === 'ABORT_ERR';
}

/** Status fields from client-node's ApiException (body is the raw response text or object). */
function statusOfApiException(err: unknown): { code: number; status: KubeStatus | undefined } | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const { code, body } = err as { code?: unknown; body?: unknown };
  if (typeof code !== 'number' || body === undefined) return undefined;
  if (typeof body === 'object' && body !== null) return { code, status: body as KubeStatus };
  if (typeof body === 'string') {
    try {
      return { code, status: JSON.parse(body) as KubeStatus };
    } catch {
      return { code, status: { message: body.slice(0, 300) } };
    }
  }
  return { code, status: undefined };
}

function nextStepFor(code: number, reason: string): string {
  if (code === 401) return 'The cluster rejected the kubeconfig credentials; refresh them (for kind: `kind export kubeconfig --name <cluster>`).';
  if (code === 403) return 'The kubeconfig user lacks permission for this; MeshDeck needs cluster-admin on the chosen context.';
  if (code === 404 && /kind|match/i.test(reason)) return 'Is the CustomResourceDefinition for this kind installed?';
  if (code === 422) return 'The manifest is not valid for this cluster; check the fields named above.';
  if (code === 409) return 'Another field manager owns these fields; MeshDeck applies with force, so retrying usually resolves it.';
  if (code >= 500) return 'The API server had an internal problem; retry, and check the control plane if it persists.';
  return '';
}

/**
 * Maps any failure to an AppError. `what` names the action and object, e.g.
 * "Applying Deployment bookinfo/reviews-v1"; `server` is the API server URL for connection errors.
 */
export function kubeError(err: unknown, what: string, server?: string): AppError {
  if (err instanceof AppError) return err;
  if (isAbort(err)) return new AppError('CANCELLED', `${what}: cancelled.`);
  const fromStatus = err instanceof KubeStatusError ? { code: err.statusCode, status: err.status ?? { reason: err.reason, message: err.message } } : statusOfApiException(err);
  if (fromStatus) {
    const reason = fromStatus.status?.reason ?? httpReason(fromStatus.code);
    const message = fromStatus.status?.message ?? '';
    const next = nextStepFor(fromStatus.code, `${reason} ${message}`);
    return new AppError('K8S_API', `${what} failed: ${reason}${message ? `: ${message}` : ''}${next ? `. ${next}` : ''}`, {
      httpStatus: fromStatus.code,
      reason,
    });
  }
  const code = errorCode(err);
  const where = server ? ` at ${server}` : '';
  if (code && networkCodes.has(code)) {
    return new AppError(
      'K8S_API',
      `${what} failed: cannot reach the Kubernetes API server${where} (${code}). Is the cluster running? For a kind cluster, start Docker and check that its control-plane container is up (\`docker ps\`), or run \`meshdeck up\` again.`,
      { errno: code },
    );
  }
  if (code && isTlsCode(code)) {
    return new AppError(
      'K8S_API',
      `${what} failed: the TLS connection to the API server${where} was refused (${code}). The kubeconfig does not trust this server's certificate, usually because the cluster was recreated; refresh the kubeconfig (for kind: \`kind export kubeconfig --name <cluster>\`) or pick the right context.`,
      { errno: code },
    );
  }
  const message = err instanceof Error ? err.message : String(err);
  return new AppError('K8S_API', `${what} failed: ${message.split('\n')[0] ?? message}`, code ? { errno: code } : undefined);
}
