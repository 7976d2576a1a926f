// The workshop methods as the CLI calls them: each request checked against the contract's own
// schema first (a bad LESSON or --task is exit 2 before a lab is asked, said in the words typed),
// a pack given as a folder or file sent as an absolute path (the core may not share the working
// directory), and a task's end read as the workshop result it carries.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  AppError,
  SchemaError,
  WORKSHOP_METHOD_PARAMS,
  type Client,
  type TaskInfo,
  type WorkshopActionInfo,
  type WorkshopCheckInfo,
  type WorkshopMethodResults,
  type WorkshopTaskResultInfo,
} from '../contract';
import type { Infer } from '../contract/schema';

export type WorkshopMethod = keyof typeof WORKSHOP_METHOD_PARAMS;
export type WorkshopParams<M extends WorkshopMethod> = Infer<(typeof WORKSHOP_METHOD_PARAMS)[M]>;

// Contract fields as the words of `meshdeck workshop`.
const WORD_OF_FIELD: Record<string, string> = { pack: '--pack', lesson: 'LESSON', task: '--task', path: 'PACK', all: '--all', direction: '--direction' };

/** The contract's check of a workshop request, a refusal said with the word that was typed. */
export function checkWorkshopParams<M extends WorkshopMethod>(method: M, params: WorkshopParams<M>): void {
  try {
    WORKSHOP_METHOD_PARAMS[method].parse(params, '');
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    const field = /^[^.[]*/.exec(error.path)?.[0] ?? '';
    const word = WORD_OF_FIELD[field] ?? field;
    const typed = (params as Record<string, unknown>)[field];
    const got = typeof typed === 'string' && !error.expected.includes(', got ') ? ` (got "${typed}")` : '';
    throw new AppError('INVALID_ARGUMENT', `${word}: expected ${error.expected}${got}. Run meshdeck workshop --help to see what to type.`, { method, path: error.path, expected: error.expected });
  }
}

/** Calls a workshop method (checked first). */
export function callWorkshop<M extends WorkshopMethod>(client: Client, method: M, params: WorkshopParams<M>): Promise<WorkshopMethodResults[M]> {
  checkWorkshopParams(method, params);
  // The generic Client is typed over every method; the workshop's are named here by their own map.
  const call = client.call as unknown as (name: string, args: unknown) => Promise<WorkshopMethodResults[M]>;
  return call.call(client, method, params);
}

/** --pack as the core reads it: a folder or file that exists here becomes absolute; anything else is an id. */
export function packRefOf(value: string | undefined, cwd = process.cwd()): string | undefined {
  if (value === undefined) return undefined;
  const path = resolve(cwd, value);
  return existsSync(path) ? path : value;
}

function resultOf(task: TaskInfo): WorkshopTaskResultInfo | undefined {
  const result = task.result as unknown as WorkshopTaskResultInfo | undefined;
  return result?.kind === 'workshop-check' || result?.kind === 'workshop-action' ? result : undefined;
}

export function checkResultOf(task: TaskInfo): WorkshopCheckInfo | undefined {
  const result = resultOf(task);
  return result?.kind === 'workshop-check' ? result.check : undefined;
}

export function actionResultOf(task: TaskInfo): WorkshopActionInfo | undefined {
  const result = resultOf(task);
  return result?.kind === 'workshop-action' ? result.action : undefined;
}
