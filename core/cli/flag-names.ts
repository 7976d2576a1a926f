// The one map from contract fields back to the CLI's flags. Arguments are checked by the core's
// dispatcher, which names the field it refused (`istioVersion`); a terminal user typed `--istio`,
// so refusals are retold in flag terms here and nowhere else.

import { AppError, METHOD_PARAMS, SchemaError } from '../contract';

const FLAG_OF_FIELD: Record<string, string> = {
  name: '--name',
  istioVersion: '--istio',
  httpPort: '--http-port',
  httpsPort: '--https-port',
  context: '--context',
  kindPath: '--kind',
  istioctlPath: '--istioctl',
  namespace: '--namespace',
  service: 'SERVICE',
  weights: 'VERSION=WEIGHT',
  headerRoute: '--header-route',
  rps: '--rps',
  durationSeconds: '--duration',
  endUser: '--user',
  target: 'POD|TYPE/NAME',
  container: '--container',
  tailLines: '--tail',
  sinceSeconds: '--since',
  mergeKubeconfig: '--merge-kubeconfig',
  lanSharing: '--lan',
  windowSeconds: '--window',
};

// Field names no one would type in prose: where a core message names one, it means the field.
const INTERNAL_FIELD = /\b(istioVersion|httpPort|httpsPort|kindPath|istioctlPath|headerRoute|durationSeconds|endUser|tailLines|sinceSeconds|mergeKubeconfig|lanSharing|windowSeconds)\b/g;

/** The flag for a refused field path (`headerRoute.header`, `weights[0].version`); undefined when none fits. */
export function flagOfField(path: string, overrides: Readonly<Record<string, string>> = {}): string | undefined {
  const field = /^[^.[]*/.exec(path)?.[0] ?? '';
  return overrides[field] ?? FLAG_OF_FIELD[field];
}

function valueAt(params: unknown, path: string): unknown {
  let value: unknown = params;
  for (const key of path.split(/[.[\]]+/).filter(Boolean)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A core message that names fields (`durationSeconds must be…`) said with the flags instead. */
export function fieldsAsFlags(message: string): string {
  return message.replace(INTERNAL_FIELD, (field) => FLAG_OF_FIELD[field] ?? field).replace(/^(rps) must/, '--rps must');
}

/**
 * An argument error from the dispatcher, said in flags (`--istio: expected …`), with an empty
 * value called empty; another error that names fields gets flags for them; anything else as it was.
 */
export function inFlagTerms(error: unknown, params?: unknown, overrides: Readonly<Record<string, string>> = {}): unknown {
  if (!(error instanceof AppError) || error.code !== 'INVALID_ARGUMENT') return error;
  const { path, expected } = error.details ?? {};
  const flag = typeof path === 'string' ? flagOfField(path, overrides) : undefined;
  if (!flag || typeof expected !== 'string') {
    const message = fieldsAsFlags(error.message);
    return message === error.message ? error : new AppError(error.code, message, error.details);
  }
  const empty = typeof path === 'string' && valueAt(params, path) === '';
  return new AppError('INVALID_ARGUMENT', `${flag}${empty ? ' is empty' : ''}: expected ${expected}.`, { ...error.details, flag });
}

/**
 * The contract's own check of a method's arguments, for a command that must refuse them before
 * it asks anything else (or for a selector that does not travel in a call, a session's --context):
 * '' and malformed names are refused in flag terms, never taken as the default. `overrides` names
 * the flag of a field where a command spells it differently (`traffic --observe SERVICE`).
 */
export function checkParams<M extends keyof typeof METHOD_PARAMS>(method: M, params: unknown, overrides: Readonly<Record<string, string>> = {}): void {
  try {
    METHOD_PARAMS[method].parse(params, '');
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    const refusal = new AppError('INVALID_ARGUMENT', `Invalid arguments for ${method}: ${error.message}.`, { method, path: error.path, expected: error.expected });
    throw inFlagTerms(refusal, params, overrides);
  }
}

export function checkLabSelector(selector: { name?: string; context?: string }): void {
  checkParams('lab.select', selector);
}
