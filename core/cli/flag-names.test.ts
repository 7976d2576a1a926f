// The dispatcher's refusals retold in flags, and everything else left as it was.
import { describe, expect, it } from 'vitest';
import { AppError } from '../contract';
import { createDispatcher } from '../rpc';
import { handlersWith } from '../../test/support/handlers';
import { checkLabSelector, checkParams, fieldsAsFlags, flagOfField, inFlagTerms } from './flag-names';

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

  it('retells core messages that name fields, and says when a value was empty', async () => {
    expect(fieldsAsFlags('durationSeconds must be a whole number from 1 to 3600; pick a duration up to an hour.')).toBe('--duration must be a whole number from 1 to 3600; pick a duration up to an hour.');
    expect(fieldsAsFlags('rps must be a whole number from 1 to 200')).toBe('--rps must be a whole number from 1 to 200');
    expect(fieldsAsFlags('The name of the lab')).toBe('The name of the lab');
    const generator = inFlagTerms(new AppError('INVALID_ARGUMENT', 'durationSeconds must be a whole number from 1 to 3600.', { durationSeconds: 0 })) as AppError;
    expect(generator.message).toBe('--duration must be a whole number from 1 to 3600.');
    const empty = inFlagTerms(await refusal('lab.up', { name: '' }), { name: '' }) as AppError;
    expect(empty.message).toBe('--name is empty: expected a DNS-1123 name (lowercase letters, digits and -).');
    expect(empty.details).toMatchObject({ path: 'name', flag: '--name' });
  });

  it('checks a selector or a method’s arguments with the contract’s own schema', () => {
    expect(() => checkLabSelector({ context: '' })).toThrow('--context is empty: expected a kube context name.');
    expect(() => checkLabSelector({ name: 'Bad Name' })).toThrow(/^--name: expected a DNS-1123 name/);
    expect(() => checkLabSelector({ name: 'sig', context: 'kind-sig' })).not.toThrow();
    expect(() => checkParams('traffic.start', { endUser: 'a b' })).toThrow(/^--user: expected a user name/);
  });
});
