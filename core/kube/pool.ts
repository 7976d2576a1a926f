// Runs independent jobs with at most `limit` in flight, in input order of start. On the first
// failure or an abort it starts nothing new, lets running jobs settle (no request is left
// dangling), then rethrows. Results keep the input order.
import { AppError } from '../contract';

export async function runPool<T, R>(items: readonly T[], limit: number, job: (item: T, index: number) => Promise<R>, signal?: AbortSignal): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  async function lane(): Promise<void> {
    while (!failure && next < items.length) {
      if (signal?.aborted) {
        failure = { error: new AppError('CANCELLED', 'Cancelled.') };
        return;
      }
      const index = next++;
      try {
        results[index] = await job(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failure) throw failure.error;
  return results;
}
