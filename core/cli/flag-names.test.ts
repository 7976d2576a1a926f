// The dispatcher's refusals retold in flags, and everything else left as it was.
import { describe, expect, it } from 'vitest';
import { AppError } from '../contract';
import { createDispatcher } from '../rpc';
import { handlersWith } from '../../test/support/handlers';
import { flagOfField, inFlagTerms } from './flag-names';

async function refusal(method: string, params: unknown): Promise<AppError> {
  const envelope = await createDispatcher(handlersWith({})).dispatch(method, params);
  if (envelope.ok) throw new Error(`${method} accepted ${JSON.stringify(params)}`);
  return AppError.fromInfo(envelope.error);
}

describe('flag names', () => {
  it('names the flag of a field, nested paths by their first field', () => {
    expect(flagOfField('istioVersion')).toBe('--istio');
    expect(flagOfField('headerRoute.header')).toBe('--header-route');
    expect(flagOfField('weights[1].version')).toBe('VERSION=WEIGHT');
    expect(flagOfField('taskId')).toBeUndefined();
  });

  it('retells the dispatcher’s argument errors with the flag and what it expects', async () => {
    const istio = inFlagTerms(await refusal('lab.up', { istioVersion: 'latest' }));
    expect(istio).toMatchObject({ code: 'INVALID_ARGUMENT', message: '--istio: expected an Istio version such as 1.30.5.' });
    const port = inFlagTerms(await refusal('lab.up', { httpPort: 70000 }));
    expect((port as AppError).message).toBe('--http-port: expected an integer from 1 to 65535, got 70000.');
    const rps = inFlagTerms(await refusal('traffic.start', { rps: 500 }));
    expect((rps as AppError).message).toMatch(/^--rps: expected an integer from 1 to 200/);
  });

  it('leaves other errors alone', async () => {
    const notFound = new AppError('NOT_FOUND', 'No such pod.');
    expect(inFlagTerms(notFound)).toBe(notFound);
    const unknownField = await refusal('task.get', { taskId: 'UPPER' });
    expect(inFlagTerms(unknownField)).toBe(unknownField);
    const plain = new Error('boom');
    expect(inFlagTerms(plain)).toBe(plain);
  });
});
