// Faults a test can switch on per file name (the last URL segment): a corrupted body (the
// checksum file keeps the true digest), a connection cut after N body bytes for the next K
// requests, a 404; and one global link speed. Pure state: the server consults it per request.

export interface CutRule {
  afterBytes: number;
  remaining: number;
}

export class MirrorKnobs {
  private readonly corrupted = new Set<string>();
  private readonly missing = new Set<string>();
  private readonly cuts = new Map<string, CutRule>();
  /** Bytes per second for every body; undefined = as fast as the socket goes. */
  bytesPerSecond: number | undefined;

  corrupt(fileName: string): void {
    this.corrupted.add(fileName);
  }

  notFound(fileName: string): void {
    this.missing.add(fileName);
  }

  /** Cut the connection after `afterBytes` of the body, for the next `times` requests of the file. */
  cutAfter(fileName: string, afterBytes: number, times = 1): void {
    this.cuts.set(fileName, { afterBytes, remaining: times });
  }

  slow(bytesPerSecond: number | undefined): void {
    this.bytesPerSecond = bytesPerSecond;
  }

  reset(): void {
    this.corrupted.clear();
    this.missing.clear();
    this.cuts.clear();
    this.bytesPerSecond = undefined;
  }

  isCorrupted(fileName: string): boolean {
    return this.corrupted.has(fileName);
  }

  isMissing(fileName: string): boolean {
    return this.missing.has(fileName);
  }

  /** Consumes one cut for this file: the number of body bytes to send before cutting, if any. */
  takeCut(fileName: string): number | undefined {
    const rule = this.cuts.get(fileName);
    if (!rule || rule.remaining <= 0) return undefined;
    rule.remaining -= 1;
    return rule.afterBytes;
  }
}
