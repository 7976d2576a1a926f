// The contract boundary under random input: any method name and any argument shape a page (or a
// hostile frame) could send. The dispatcher must never throw, must always answer with an
// envelope whose error carries a known code, and must never hand a handler arguments that its
// method's schema refuses. Bounded by runs and by time; the number of cases run is printed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, METHOD_PARAMS, isMethodName, type MethodName } from '../../core/contract';
import { createDispatcher, type Handlers } from '../../core/rpc';
import { handlersWith } from '../support/handlers';

const methodNames = Object.keys(METHOD_PARAMS) as MethodName[];
// Huge strings are built once and varied at the end: generating 100k random characters per case is slow.
const huge = (length: number) => fc.string({ maxLength: 3 }).map((tail) => `${'\u00e9a'.repeat(length / 2)}${tail}`);
const prototypeKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf'];

// Field names the contract uses, so random objects often hit real fields with wrong values.
const fieldNames = [
  'name', 'istioVersion', 'httpPort', 'httpsPort', 'context', 'mergeKubeconfig', 'lanSharing', 'ports', 'taskId', 'confirmed',
  'namespace', 'service', 'weights', 'version', 'weight', 'headerRoute', 'header', 'value', 'takeOver', 'seq', 'rps',
  'durationSeconds', 'concurrency', 'endUser', 'runId', 'target', 'container', 'follow', 'tailLines', 'sinceSeconds',
  'timestamps', 'previous', 'streamId', 'pod', 'cols', 'rows', 'sessionId', 'data', 'dashboard', 'url', 'bounds',
  ...prototypeKeys,
];

const methodArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...methodNames) },
  { weight: 2, arbitrary: fc.constantFrom(...prototypeKeys) },
  { weight: 1, arbitrary: fc.constantFrom(...methodNames).map((name) => name.toUpperCase()) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...methodNames), fc.string({ unit: 'grapheme', maxLength: 4 })).map(([name, tail]) => `${name}${tail}`) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: huge(20_000) },
  { weight: 1, arbitrary: fc.anything({ withBigInt: true, withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, maxDepth: 2 }) },
);

const plausibleValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('meshdeck', 'reviews', 'v1', 'default', 'kind-meshdeck', '1.30.5', 'pod/productpage-v1', 't-1', 's-1', ''),
  fc.integer({ min: -5, max: 70_000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.array(fc.record({ version: fc.constantFrom('v1', 'v2', 'V3', ''), weight: fc.oneof(fc.integer({ min: -1, max: 101 }), fc.double()) }), { maxLength: 4 }),
  huge(140_000),
);

const nearRealParams: fc.Arbitrary<unknown> = fc.dictionary(fc.constantFrom(...fieldNames), plausibleValue, { maxKeys: 5 });

/** An object nested `depth` levels deep, as a page could send to exhaust the parser's stack. */
const deepParams: fc.Arbitrary<unknown> = fc.integer({ min: 100, max: 5_000 }).map((depth) => {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = level % 2 === 0 ? { name: value } : [value];
  return value;
});

const paramsArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nearRealParams },
  { weight: 2, arbitrary: fc.anything({ withBigInt: true, withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, maxDepth: 4 }) },
  { weight: 1, arbitrary: deepParams },
  { weight: 1, arbitrary: huge(1_000_000) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, {}, [], 0, '', Object.create(null) as unknown) },
);

interface Recorded {
  method: MethodName;
  params: unknown;
}

function recordingHandlers(calls: Recorded[]): Handlers {
  const chosen = Object.fromEntries(
    methodNames.map((method) => [
      method,
      (params: unknown) => {
        calls.push({ method, params });
        return { handled: method };
      },
    ]),
  );
  return handlersWith(chosen as Partial<Handlers>);
}

describe('dispatcher under random input', () => {
  it('never throws, always answers an envelope with a known code, and only passes valid params on', async () => {
    const calls: Recorded[] = [];
    const unexpected: unknown[] = [];
    const dispatcher = createDispatcher(recordingHandlers(calls), { onUnexpectedError: (_method, error) => unexpected.push(error) });
    let cases = 0;
    let refused = 0;

    await fc.assert(
      fc.asyncProperty(methodArbitrary, paramsArbitrary, async (method, params) => {
        cases++;
        const before = calls.length;
        const envelope = await dispatcher.dispatch(method, params);
        expect(envelope).toBeTypeOf('object');
        if (envelope.ok) {
          // Accepted: the handler ran once, for this very method, with arguments its schema takes.
          expect(isMethodName(method)).toBe(true);
          expect(calls.length).toBe(before + 1);
          const call = calls.at(-1)!;
          expect(call.method).toBe(method);
          expect(() => METHOD_PARAMS[call.method].parse(call.params, '')).not.toThrow();
          expect(envelope.value).toEqual({ handled: method });
        } else {
          refused++;
          expect(calls.length).toBe(before);
          expect(ERROR_CODES).toContain(envelope.error.code);
          expect(envelope.error.code).toBe('INVALID_ARGUMENT');
          expect(envelope.error.message).toBeTypeOf('string');
          // The message stays readable: no echo of a huge argument.
          expect(envelope.error.message.length).toBeLessThan(2_000);
        }
      }),
      { numRuns: 2_000, interruptAfterTimeLimit: 10_000, markInterruptAsFailure: false },
    );

    console.info(`dispatcher fuzz: ${cases} cases run, ${calls.length} reached a handler, ${refused} refused with a typed error`);
    expect(unexpected).toEqual([]);
    // The property must have been exercised both ways, or it proves nothing.
    expect(calls.length).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(cases / 2);
  }, 30_000);

  it('refuses fields named like Object.prototype members instead of silently ignoring them', async () => {
    const calls: Recorded[] = [];
    const dispatcher = createDispatcher(recordingHandlers(calls));
    for (const key of prototypeKeys) {
      const params = JSON.parse(`{${JSON.stringify(key)}: 1}`) as unknown;
      const envelope = await dispatcher.dispatch('lab.up', params);
      expect(envelope, key).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(calls).toEqual([]);
  });

  it('answers a method name that cannot be turned into text with INVALID_ARGUMENT', async () => {
    const dispatcher = createDispatcher(recordingHandlers([]));
    const throwing = { toString: () => { throw new Error('boom'); } };
    for (const method of [Object.create(null) as unknown, 10n, Symbol('x'), throwing]) {
      await expect(dispatcher.dispatch(method, {})).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
  });
});
