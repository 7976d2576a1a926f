// Error codes and the one error type that crosses every transport as plain data.
// The UI switches on `code`, never parses `message`; the message says what to do next.

export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'CANCELLED',
  'INTERNAL',
  'DOCKER_NOT_RUNNING',
  'PORT_IN_USE',
  'CHECKSUM_MISMATCH',
  'CLUSTER_NOT_FOUND',
  'COMMAND_FAILED',
  'K8S_API',
  'STALLED',
  'DOWNLOAD_FAILED',
  'DISK_ERROR',
  'TRANSPORT_CLOSED',
  /** Someone else owns (or just changed) what MeshDeck would write; nothing was overwritten. */
  'CONFLICT',
  /**
   * The mesh's telemetry cannot be read: no Prometheus addon, no ready Prometheus pod, or
   * Prometheus refused the query. The message says which, and what to do (install or wait for
   * the addon, or fix the query); the generator's own split still works without it.
   */
  'TELEMETRY_UNAVAILABLE',
  /** An image could not be pulled: the message names the image, why (rate limit, no network, auth, unknown) and what to do (a kit, a mirror). */
  'IMAGE_PULL_FAILED',
  /** `up --offline`, or a download or pull refused offline: the message names what the kit or the cache lacks. */
  'OFFLINE_MISSING',
  /** A kit file that is damaged, changed or incomplete: nothing from it was used. */
  'KIT_INVALID',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Extra facts about an error, kept JSON-plain so they survive structured clone and JSON. */
export type ErrorDetails = Record<string, string | number | boolean | null | string[]>;

export interface AppErrorInfo {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toInfo(): AppErrorInfo {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromInfo(info: AppErrorInfo): AppError {
    return new AppError(info.code, info.message, info.details);
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
