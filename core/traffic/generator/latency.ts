// Latency percentiles in fixed memory: a log-bucketed histogram (buckets 1 % apart, from 10 µs to
// two minutes), so a run of any length costs the same few kilobytes and every percentile is within
// half a percent of the exact nearest-rank value. It never keeps individual samples.

import type { LatencyInfo } from '../../contract';

const minMs = 0.01;
const maxMs = 120_000;
const growth = 1.01;
const logGrowth = Math.log(growth);
// Bucket 0 holds [0, minMs); bucket i ≥ 1 holds [minMs·growth^(i-1), minMs·growth^i); the last one
// also takes everything above maxMs.
const bucketCount = 2 + Math.ceil(Math.log(maxMs / minMs) / logGrowth);

function bucketOf(ms: number): number {
  if (!(ms >= minMs)) return 0;
  return Math.min(bucketCount - 1, 1 + Math.floor(Math.log(ms / minMs) / logGrowth));
}

/** The bucket's geometric middle: at most √1.01 − 1 ≈ 0.5 % away from any value in it. */
function representative(bucket: number): number {
  return bucket === 0 ? minMs / 2 : minMs * growth ** (bucket - 0.5);
}

export class LatencyHistogram {
  private readonly buckets = new Uint32Array(bucketCount);
  private samples = 0;
  private smallest = Infinity;
  private largest = -Infinity;

  record(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.buckets[bucketOf(ms)]! += 1;
    this.samples += 1;
    if (ms < this.smallest) this.smallest = ms;
    if (ms > this.largest) this.largest = ms;
  }

  get count(): number {
    return this.samples;
  }

  /** Nearest-rank percentile (q in 0..1) in ms; 0 when nothing was recorded. */
  percentile(q: number): number {
    if (this.samples === 0) return 0;
    const rank = Math.max(1, Math.ceil(Math.min(1, Math.max(0, q)) * this.samples));
    // The extremes are known exactly; only the ranks in between are approximated.
    if (rank === 1) return this.smallest;
    if (rank === this.samples) return this.largest;
    let seen = 0;
    for (let bucket = 0; bucket < bucketCount; bucket++) {
      seen += this.buckets[bucket]!;
      if (seen >= rank) {
        // Clamping to what was seen makes single-valued and extreme percentiles exact.
        return Math.min(this.largest, Math.max(this.smallest, representative(bucket)));
      }
    }
    return this.largest;
  }

  summary(): LatencyInfo {
    return { p50: roundMs(this.percentile(0.5)), p90: roundMs(this.percentile(0.9)), p99: roundMs(this.percentile(0.99)) };
  }

  reset(): void {
    this.buckets.fill(0);
    this.samples = 0;
    this.smallest = Infinity;
    this.largest = -Infinity;
  }
}

/** Microsecond resolution is plenty for a chart and keeps the JSON short. */
function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
