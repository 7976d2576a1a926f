// Every request/response method of the API, once: its argument schema (checked at runtime by
// the dispatcher) and its result type. Later features add entries here and nothing else changes.

import type { AppStatusInfo, TaskInfo, TaskRefInfo } from './dto';
import { array, integer, object, optional, string, type Infer } from './schema';

const taskId = string({ pattern: /^[a-z0-9-]{1,64}$/, hint: 'a task id' });
const port = integer({ min: 1, max: 65535 });

export const METHOD_PARAMS = {
  'app.status': object({}),
  'doctor.run': object({ ports: optional(array(port, { maxItems: 8 })) }),
  'task.list': object({}),
  'task.get': object({ taskId }),
  'task.cancel': object({ taskId }),
} as const;

export interface MethodResults {
  'app.status': AppStatusInfo;
  'doctor.run': TaskRefInfo;
  'task.list': TaskInfo[];
  'task.get': TaskInfo;
  'task.cancel': TaskInfo;
}

export type MethodName = keyof typeof METHOD_PARAMS & keyof MethodResults;
export type MethodParams<M extends MethodName> = Infer<(typeof METHOD_PARAMS)[M]>;
export type MethodResult<M extends MethodName> = MethodResults[M];

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(METHOD_PARAMS, value);
}
