// How an error from the core reads in the UI: a short title chosen by its code, and the
// core's own message (which already says what to do). Never a stack trace.

import { isErrorCode, type AppErrorInfo, type ErrorCode } from '../../../core/contract';

const TITLES: Record<ErrorCode, string> = {
  INVALID_ARGUMENT: 'MeshDeck refused the request',
  UNAUTHORIZED: 'This page is not allowed to talk to MeshDeck',
  NOT_FOUND: 'Not found',
  CANCELLED: 'Cancelled',
  INTERNAL: 'Something went wrong inside MeshDeck',
  DOCKER_NOT_RUNNING: 'Docker is not running',
  PORT_IN_USE: 'A port is already in use',
  CHECKSUM_MISMATCH: 'A download did not match its checksum',
  CLUSTER_NOT_FOUND: 'The cluster was not found',
  COMMAND_FAILED: 'A command failed',
  K8S_API: 'The Kubernetes API returned an error',
  STALLED: 'The work stopped making progress',
  DOWNLOAD_FAILED: 'A download failed',
  DISK_ERROR: 'Could not write to disk',
  TRANSPORT_CLOSED: 'Lost the connection to MeshDeck',
  CONFLICT: 'Someone else changed this',
  TELEMETRY_UNAVAILABLE: 'The mesh telemetry cannot be read',
  IMAGE_PULL_FAILED: 'An image could not be pulled',
  OFFLINE_MISSING: 'Something the offline lab needs is missing',
  KIT_INVALID: 'The workshop kit cannot be used',
};

export interface ErrorText {
  title: string;
  message: string;
  code: ErrorCode;
}

/** Turns anything thrown or reported into readable text; unknown throwables become INTERNAL. */
export function errorText(error: unknown): ErrorText {
  const info = toErrorInfo(error);
  return { title: TITLES[info.code], message: info.message, code: info.code };
}

export function toErrorInfo(error: unknown): AppErrorInfo {
  if (error !== null && typeof error === 'object') {
    const candidate = error as { code?: unknown; message?: unknown; details?: unknown };
    if (isErrorCode(candidate.code) && typeof candidate.message === 'string') {
      // Details say what kind of refusal it was (a CONFLICT's reason), so a screen can react to it without reading the message.
      const details = candidate.details !== null && typeof candidate.details === 'object' ? { details: candidate.details as AppErrorInfo['details'] } : {};
      return { code: candidate.code, message: firstLine(candidate.message), ...details };
    }
  }
  // Not one of ours: say so plainly, and keep the raw text out (it may be a stack).
  return { code: 'INTERNAL', message: 'An unexpected error happened. Reload the page; if it keeps happening, run meshdeck doctor in a terminal.' };
}

function firstLine(message: string): string {
  // Messages are written for users, but a stack must never reach the screen.
  const stackStart = message.search(/\n\s+at /);
  return (stackStart === -1 ? message : message.slice(0, stackStart)).trim();
}
