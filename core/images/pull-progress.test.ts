// The pull stream as Docker 20.10 printed it for a real pull from a local docker-registry
// (test/fixtures/docker-pull-progress.jsonl: one layer already present, one of 3 MB), and the
// messages Docker answered with for a missing tag, a closed port and an unknown host.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dockerErrorMessage, pullFailure, pullFailureReason, PullTracker, type PullEvent } from './pull-progress';

const captured = readFileSync(new URL('../../test/fixtures/docker-pull-progress.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as PullEvent);

describe('PullTracker', () => {
  it('counts the downloaded bytes of each layer and leaves out layers already present', () => {
    const tracker = new PullTracker();
    const seen: Array<{ done: number; total: number }> = [];
    for (const event of captured) {
      expect(tracker.take(event)).toBeUndefined();
      seen.push(tracker.bytes());
    }
    expect(seen[3]).toEqual({ done: 36445, total: 3001131 });
    expect(seen.at(-1)).toEqual({ done: 3001131, total: 3001131 });
    // Never goes backwards.
    for (let i = 1; i < seen.length; i += 1) expect(seen[i]!.done).toBeGreaterThanOrEqual(seen[i - 1]!.done);
  });

  it('returns the message of an error event', () => {
    const tracker = new PullTracker();
    expect(tracker.take({ errorDetail: { message: 'toomanyrequests: You have reached your pull rate limit.' }, error: 'toomanyrequests: You have reached your pull rate limit.' })).toMatch(/toomanyrequests/);
  });

  it('counts a layer first seen extracting as complete', () => {
    const tracker = new PullTracker();
    tracker.take({ status: 'Extracting', id: 'a', progressDetail: { current: 10, total: 100 } });
    expect(tracker.bytes()).toEqual({ done: 100, total: 100 });
  });
});

describe('pullFailure', () => {
  it.each([
    ['manifest for 127.0.0.1:5055/docker.io/library/nothere:1 not found: manifest unknown: manifest unknown', 'not-found'],
    ['Get "http://127.0.0.1:5099/v2/": dial tcp 127.0.0.1:5099: connect: connection refused', 'no-network'],
    ['Get "https://registry.istio.io/v2/": dial tcp: lookup registry.istio.io on 10.255.255.53:53: no such host', 'no-network'],
    ['toomanyrequests: You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit', 'rate-limit'],
    ['pull access denied for private/thing, repository does not exist or may require \'docker login\': denied: requested access to the resource is denied', 'unauthorized'],
    ['unauthorized: authentication required', 'unauthorized'],
    ['something else entirely', 'other'],
  ])('%s -> %s', (message, reason) => {
    expect(pullFailureReason(message)).toBe(reason);
  });

  it('names the image, the mirror, why, and the kit and mirror ways out', () => {
    const error = pullFailure('docker.io/prom/prometheus:v3.10.0', '127.0.0.1:5000/docker.io/prom/prometheus:v3.10.0', 'manifest unknown');
    expect(error.code).toBe('IMAGE_PULL_FAILED');
    expect(error.message).toContain('docker.io/prom/prometheus:v3.10.0 through the mirror as 127.0.0.1:5000/docker.io/prom/prometheus:v3.10.0');
    expect(error.message).toContain('meshdeck kit import');
    expect(error.message).toContain('MESHDECK_IMAGE_MIRROR');
    expect(error.details).toMatchObject({ image: 'docker.io/prom/prometheus:v3.10.0', reason: 'not-found' });
    expect(pullFailure('curlimages/curl:8.16.0', 'curlimages/curl:8.16.0', 'toomanyrequests: limit').message).toMatch(/100 per 6 hours/);
  });
});

describe('dockerErrorMessage', () => {
  it('reads the engine\'s message out of docker-modem\'s errors', () => {
    expect(dockerErrorMessage(new Error('(HTTP code 404) unexpected - manifest for x:9 not found: manifest unknown: manifest unknown '))).toBe('manifest for x:9 not found: manifest unknown: manifest unknown ');
    expect(dockerErrorMessage(Object.assign(new Error('(HTTP code 500) server error'), { json: { message: 'dial tcp: lookup registry.istio.io: no such host' } }))).toBe('dial tcp: lookup registry.istio.io: no such host');
  });
});
