// Reads the Docker Engine API's pull stream (POST /images/create: one JSON object a line with
// status, id = layer, progressDetail {current, total}) into bytes per layer, and turns a failed
// pull into IMAGE_PULL_FAILED that names the image, why, and what to do. Pure.

import { AppError } from '../contract';

export interface PullEvent {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

interface Layer {
  done: number;
  total: number;
}

/** One image's layers: downloaded bytes of each, complete once Docker says so. */
export class PullTracker {
  private readonly layers = new Map<string, Layer>();

  /** Takes one event; returns the error message when the event is a failure. */
  take(event: PullEvent): string | undefined {
    if (event.error || event.errorDetail?.message) return event.errorDetail?.message ?? event.error;
    const id = event.id;
    if (!id || !event.status) return undefined;
    const layer = this.layers.get(id);
    const detail = event.progressDetail ?? {};
    switch (event.status) {
      case 'Downloading':
        if (detail.total && detail.total > 0) this.layers.set(id, { total: detail.total, done: Math.min(detail.current ?? 0, detail.total) });
        break;
      case 'Extracting':
        // Extraction follows a complete download; a layer first seen here came whole.
        if (detail.total && detail.total > 0) this.layers.set(id, { total: layer?.total ?? detail.total, done: layer?.total ?? detail.total });
        break;
      case 'Download complete':
      case 'Pull complete':
        if (layer) layer.done = layer.total;
        break;
      default:
        break;
    }
    return undefined;
  }

  /** Bytes downloaded of the layers whose size is known so far (layers already present count for nothing). */
  bytes(): { done: number; total: number } {
    let done = 0;
    let total = 0;
    for (const layer of this.layers.values()) {
      done += layer.done;
      total += layer.total;
    }
    return { done, total };
  }

  /** At the end of a good pull every layer is in. */
  finish(): void {
    for (const layer of this.layers.values()) layer.done = layer.total;
  }
}

export type PullFailureReason = 'rate-limit' | 'no-network' | 'unauthorized' | 'not-found' | 'other';

/** Why the registry (or the way to it) refused, from Docker's message. */
export function pullFailureReason(message: string): PullFailureReason {
  if (/toomanyrequests|too many requests|rate limit/i.test(message)) return 'rate-limit';
  if (/no such host|connection refused|network is unreachable|i\/o timeout|dial tcp|TLS handshake timeout|no route to host|server misbehaving|connection reset/i.test(message)) return 'no-network';
  if (/unauthorized|authentication required|pull access denied|denied: /i.test(message)) return 'unauthorized';
  if (/manifest unknown|not found|name unknown|does not exist/i.test(message)) return 'not-found';
  return 'other';
}

const WAYS_OUT = 'import an offline kit (`meshdeck kit import <file>`), or pull through a mirror (MESHDECK_IMAGE_MIRROR=host:port)';

/** IMAGE_PULL_FAILED for one image: what failed, why in words, what Docker said, and what to do. */
export function pullFailure(ref: string, pullFrom: string, message: string): AppError {
  const reason = pullFailureReason(message);
  const via = pullFrom === ref ? '' : ` through the mirror as ${pullFrom}`;
  const why: Record<PullFailureReason, string> = {
    'rate-limit': 'Docker Hub refused: this address reached its limit of anonymous pulls (100 per 6 hours; a classroom behind one router shares it). Log in with `docker login`, wait, or',
    'no-network': `the registry cannot be reached (no network, or ${pullFrom.split('/')[0]} is down). Check the connection, or`,
    unauthorized: 'the registry wants a login for it. Run `docker login` for that registry, or',
    'not-found': `the registry has no such image or tag${via ? ' (the mirror lacks it: push it there)' : ''}. Check the name, or`,
    other: 'Docker could not pull it. Try `docker pull` yourself to see more, or',
  };
  return new AppError('IMAGE_PULL_FAILED', `Could not pull ${ref}${via}: ${why[reason]} ${WAYS_OUT}. (Docker said: ${message.trim()})`, { image: ref, pullFrom, reason });
}

/** The message inside an error of docker-modem (HTTP status with a JSON body) or of the stream. */
export function dockerErrorMessage(error: unknown): string {
  const json = (error as { json?: { message?: string } | string } | undefined)?.json;
  if (json && typeof json === 'object' && json.message) return json.message;
  if (typeof json === 'string' && json.trim()) return json.trim();
  // docker-modem's "(HTTP code 404) unexpected - <the engine's message>".
  return (error instanceof Error ? error.message : String(error)).replace(/^\(HTTP code \d+\) [^-]*- /, '');
}
