import { describe, expect, it } from 'vitest';
import { METHOD_PARAMS } from './methods';
import { SchemaError, array, boolean, integer, object, oneOf, optional, string } from './schema';

function errorOf(run: () => unknown): SchemaError {
  try {
    run();
  } catch (error) {
    if (error instanceof SchemaError) return error;
    throw error;
  }
  throw new Error('expected a SchemaError');
}

describe('schema', () => {
  const shape = object({ name: string({ pattern: /^[a-z]+$/ }), port: optional(integer({ min: 1, max: 65535 })), tags: optional(array(oneOf(['a', 'b']))), on: optional(boolean()) });

  it('accepts a valid object and drops absent optional fields', () => {
    expect(shape.parse({ name: 'lab', port: 8080 }, '')).toEqual({ name: 'lab', port: 8080 });
    expect(shape.parse({ name: 'lab', tags: ['a', 'b'], on: true }, '')).toEqual({ name: 'lab', tags: ['a', 'b'], on: true });
  });

  it('names the path and the expectation of what is wrong', () => {
    expect(errorOf(() => shape.parse({ name: 'Lab' }, '')).path).toBe('name');
    expect(errorOf(() => shape.parse({ name: 'lab', port: 70000 }, '')).expected).toContain('from 1 to 65535');
    expect(errorOf(() => shape.parse({ name: 'lab', port: 1.5 }, '')).expected).toContain('got number');
    expect(errorOf(() => shape.parse({ name: 'lab', tags: ['c'] }, '')).path).toBe('tags[0]');
    expect(errorOf(() => shape.parse({ name: 'lab', on: 'yes' }, '')).expected).toContain('true or false');
  });

  it('rejects unknown fields, non-objects and arrays', () => {
    expect(errorOf(() => shape.parse({ name: 'lab', prot: 1 }, '')).path).toBe('prot');
    expect(errorOf(() => shape.parse([], '')).expected).toContain('got an array');
    expect(errorOf(() => shape.parse(null, '')).expected).toContain('got null');
  });

  it('bounds strings and lists', () => {
    expect(errorOf(() => string({ maxLength: 3 }).parse('abcd', 'x')).expected).toBe('at most 3 characters');
    expect(errorOf(() => array(integer(), { maxItems: 2 }).parse([1, 2, 3], 'x')).expected).toBe('at most 2 items');
  });

  it('checks the contract methods: doctor ports must be real ports', () => {
    expect(METHOD_PARAMS['doctor.run'].parse({ ports: [8080, 8443] }, '')).toEqual({ ports: [8080, 8443] });
    expect(() => METHOD_PARAMS['doctor.run'].parse({ ports: [0] }, '')).toThrow(SchemaError);
    expect(() => METHOD_PARAMS['task.get'].parse({ taskId: '../etc' }, '')).toThrow(SchemaError);
  });

  it('checks the basedOn of an apply: both kinds named, each a resourceVersion or null', () => {
    const apply = METHOD_PARAMS['traffic.apply'];
    const weights = [{ version: 'v1', weight: 100 }];
    expect(apply.parse({ service: 'reviews', weights, basedOn: { VirtualService: '42', DestinationRule: null } }, '')).toMatchObject({ basedOn: { VirtualService: '42', DestinationRule: null } });
    expect(errorOf(() => apply.parse({ service: 'reviews', weights, basedOn: { VirtualService: '42' } }, '')).path).toBe('basedOn.DestinationRule');
    expect(errorOf(() => apply.parse({ service: 'reviews', weights, basedOn: { VirtualService: '', DestinationRule: null } }, '')).expected).toContain('a resourceVersion');
  });
});
