// The one place where calls from any face enter the core: checks the method name and its
// arguments against the contract, runs the handler, and wraps the outcome in an envelope.
// Unexpected exceptions become INTERNAL with a plain message; stack traces never cross.

import {
  AppError,
  METHOD_PARAMS,
  SchemaError,
  isMethodName,
  type Envelope,
  type MethodName,
  type MethodParams,
  type MethodResult,
} from '../contract';
import { PROCESS_CALLER, type Caller } from './caller';

export type Handlers = {
  [M in MethodName]: (params: MethodParams<M>, caller: Caller) => Promise<MethodResult<M>> | MethodResult<M>;
};

export interface Dispatcher {
  /** `caller` is the face making the call (default: none, for code that calls the dispatcher directly). */
  dispatch(method: unknown, params: unknown, caller?: Caller): Promise<Envelope<unknown>>;
}

export interface DispatcherOptions {
  /** Where unexpected failures are reported (they reach the caller only as INTERNAL). */
  onUnexpectedError?: (method: string, error: unknown) => void;
}

export function createDispatcher(handlers: Handlers, options: DispatcherOptions = {}): Dispatcher {
  return {
    async dispatch(method, params, caller = PROCESS_CALLER) {
      try {
        if (!isMethodName(method)) {
          throw new AppError('INVALID_ARGUMENT', `Unknown method ${describeMethod(method)}.`, {
            method: typeof method === 'string' ? method.slice(0, 100) : `(${typeof method})`,
          });
        }
        const parsed = parseParams(method, params);
        const handler = handlers[method] as (p: unknown, c: Caller) => Promise<unknown> | unknown;
        return { ok: true, value: await handler(parsed, caller) };
      } catch (error) {
        return { ok: false, error: toErrorInfo(isMethodName(method) ? method : 'an unknown method', error, options) };
      }
    },
  };
}

/** A method name for a message: any value a caller sent, never thrown on, never echoed at length. */
function describeMethod(method: unknown): string {
  if (typeof method !== 'string') return `(a ${typeof method}, not a method name)`;
  return JSON.stringify(method.length > 100 ? `${method.slice(0, 100)}…` : method);
}

function parseParams(method: MethodName, params: unknown): unknown {
  try {
    return METHOD_PARAMS[method].parse(params ?? {}, '');
  } catch (error) {
    if (error instanceof SchemaError) {
      throw new AppError('INVALID_ARGUMENT', `Invalid arguments for ${method}: ${error.message}.`, {
        method,
        path: error.path,
        expected: error.expected,
      });
    }
    throw error;
  }
}

function toErrorInfo(method: string, error: unknown, options: DispatcherOptions) {
  if (error instanceof AppError) return error.toInfo();
  options.onUnexpectedError?.(method, error);
  return new AppError('INTERNAL', `MeshDeck hit an unexpected problem while running ${method}. Try again; if it persists, report it with the app log.`).toInfo();
}
