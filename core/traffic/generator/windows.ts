// Counts what a generator run observed, per window and since the start: answers by reviews
// version, errors by code, skipped requests and latency percentiles, as the contract's
// TrafficCountsInfo. Memory is fixed however long the run; it knows nothing of HTTP or timers.

import type { TrafficCountsInfo, TrafficWindowInfo } from '../../contract';
import type { PageProblem, ReviewsVersion } from './classify';
import { LatencyHistogram } from './latency';

export type RequestOutcome =
  /** A 2xx answer, classified. */
  | { kind: 'answer'; version: ReviewsVersion; latencyMs: number; problem?: PageProblem | null }
  /** An HTTP status outside 2xx (code "503"…, with its latency) or a failure without an answer ("network", "timeout"). */
  | { kind: 'error'; code: string; latencyMs?: number };

const versions: readonly ReviewsVersion[] = ['v1', 'v2', 'v3', 'unknown'];

class Counts {
  private requests = 0;
  private byVersion = new Map<string, number>();
  private errors = 0;
  private errorCodes = new Map<string, number>();
  private degraded = new Map<string, number>();
  private skipped = 0;
  private readonly latency = new LatencyHistogram();
  // Per answering version, so a delay or a timeout on one version shows on its own line.
  private readonly versionLatency = new Map<string, LatencyHistogram>();

  add(outcome: RequestOutcome): void {
    this.requests += 1;
    if (outcome.kind === 'answer') {
      this.byVersion.set(outcome.version, (this.byVersion.get(outcome.version) ?? 0) + 1);
      if (outcome.latencyMs !== undefined && outcome.version !== 'unknown') {
        let histogram = this.versionLatency.get(outcome.version);
        if (!histogram) this.versionLatency.set(outcome.version, (histogram = new LatencyHistogram()));
        histogram.record(outcome.latencyMs);
      }
      if (outcome.problem) this.degraded.set(outcome.problem, (this.degraded.get(outcome.problem) ?? 0) + 1);
    } else {
      this.errors += 1;
      this.errorCodes.set(outcome.code, (this.errorCodes.get(outcome.code) ?? 0) + 1);
    }
    if (outcome.latencyMs !== undefined) this.latency.record(outcome.latencyMs);
  }

  skip(count: number): void {
    this.skipped += count;
  }

  info(): TrafficCountsInfo {
    // Every version key is always present, so a chart's series never appear or vanish.
    const byVersion: Record<string, number> = {};
    for (const version of versions) byVersion[version] = this.byVersion.get(version) ?? 0;
    return {
      requests: this.requests,
      byVersion,
      errors: this.errors,
      errorCodes: Object.fromEntries(this.errorCodes),
      degraded: Object.fromEntries(this.degraded),
      latencyMs: this.latency.summary(),
      latencyByVersion: Object.fromEntries([...this.versionLatency].filter(([, histogram]) => histogram.count > 0).map(([version, histogram]) => [version, histogram.summary()])),
      skipped: this.skipped,
    };
  }

  reset(): void {
    this.requests = 0;
    this.byVersion.clear();
    this.errors = 0;
    this.errorCodes.clear();
    this.degraded.clear();
    this.skipped = 0;
    this.latency.reset();
    this.versionLatency.clear();
  }
}

export class TrafficWindows {
  private readonly current = new Counts();
  private readonly cumulative = new Counts();
  private windowStart: number;

  /** `now` gives ms since the epoch; windows are stamped with it. */
  constructor(private readonly now: () => number = Date.now) {
    this.windowStart = now();
  }

  record(outcome: RequestOutcome): void {
    this.current.add(outcome);
    this.cumulative.add(outcome);
  }

  /** Requests that were due but not sent (every slot busy, or the schedule fell behind). */
  skip(count = 1): void {
    if (count <= 0) return;
    this.current.skip(count);
    this.cumulative.skip(count);
  }

  /** Closes the current window (its real length, so rates stay right) and opens the next. */
  close(): Omit<TrafficWindowInfo, 'runId'> {
    const end = this.now();
    const closed = { at: this.windowStart, windowMs: Math.max(0, end - this.windowStart), window: this.current.info(), totals: this.cumulative.info() };
    this.current.reset();
    this.windowStart = end;
    return closed;
  }

  totals(): TrafficCountsInfo {
    return this.cumulative.info();
  }
}
