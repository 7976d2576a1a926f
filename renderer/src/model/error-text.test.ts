import { describe, expect, it } from 'vitest';
import { AppError } from '../../../core/contract';
import { errorText } from './error-text';

describe('errorText', () => {
  it('titles an AppError by its code and keeps its message', () => {
    expect(errorText(new AppError('DOCKER_NOT_RUNNING', 'Start Docker, then run the checks again.'))).toEqual({
      code: 'DOCKER_NOT_RUNNING',
      title: 'Docker is not running',
      message: 'Start Docker, then run the checks again.',
    });
  });

  it('reads a plain AppErrorInfo as it arrives in a failed task', () => {
    expect(errorText({ code: 'TRANSPORT_CLOSED', message: 'Lost it.' }).title).toBe('Lost the connection to MeshDeck');
  });

  it('never shows a stack trace, even one inside a message', () => {
    const text = errorText({ code: 'INTERNAL', message: 'Boom happened\n    at foo (core/x.ts:1:1)\n    at bar' });
    expect(text.message).toBe('Boom happened');
    const foreign = errorText(new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(foreign.code).toBe('INTERNAL');
    expect(foreign.message).not.toMatch(/undefined|TypeError/);
  });

  it('does not trust an unknown code', () => {
    expect(errorText({ code: 'EACCES', message: 'raw' }).code).toBe('INTERNAL');
    expect(errorText(null).code).toBe('INTERNAL');
  });
});
