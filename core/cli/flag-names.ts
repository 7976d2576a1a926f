// The one map from contract fields back to the CLI's flags. Arguments are checked by the core's
// dispatcher, which names the field it refused (`istioVersion`); a terminal user typed `--istio`,
// so refusals are retold in flag terms here and nowhere else.

import { AppError } from '../contract';

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
};

/** The flag for a refused field path (`headerRoute.header`, `weights[0].version`); undefined when none fits. */
export function flagOfField(path: string): string | undefined {
  const field = /^[^.[]*/.exec(path)?.[0] ?? '';
  return FLAG_OF_FIELD[field];
}

/** An argument error from the dispatcher, said in flags (`--istio: expected …`); any other error as it was. */
export function inFlagTerms(error: unknown): unknown {
  if (!(error instanceof AppError) || error.code !== 'INVALID_ARGUMENT') return error;
  const { path, expected } = error.details ?? {};
  const flag = typeof path === 'string' ? flagOfField(path) : undefined;
  if (!flag || typeof expected !== 'string') return error;
  return new AppError('INVALID_ARGUMENT', `${flag}: expected ${expected}.`, error.details);
}
