// Where pod and workload readers put what they read: sources (a pod's container), lines of a
// source, notices for the user, and the end. The stream behind it batches and throttles.
import type { LogBatchInfo } from '../../contract';

export interface LogSink {
  /** Registers pod/container as a source and returns its index. */
  addSource(pod: string, container: string): number;
  line(source: number, text: string): void;
  notice(text: string): void;
  /** The reader is done (or failed); queued lines still go out first. */
  end(ended: NonNullable<LogBatchInfo['ended']>): void;
}

/** Something that produces into a sink until stopped. */
export interface LogProducer {
  stop(): void;
}
