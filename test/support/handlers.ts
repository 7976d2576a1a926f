// Dispatcher handlers for transport tests: the ones a test cares about, and for every other
// method of the contract one that answers NOT_FOUND, so adding a method never edits these tests.
import { AppError, METHOD_PARAMS } from '../../core/contract';
import type { Handlers } from '../../core/rpc';

export function handlersWith(chosen: Partial<Handlers>): Handlers {
  const rest = Object.fromEntries(
    Object.keys(METHOD_PARAMS).map((method) => [
      method,
      () => {
        throw new AppError('NOT_FOUND', `${method} is not part of this test.`);
      },
    ]),
  );
  return { ...rest, ...chosen } as Handlers;
}
