// The core as a plain Node process builds it from its environment: `meshdeck serve` (face
// browser) and every CLI command (face cli). The lab, the doctor and the data dir come from
// `env`; the desktop app calls createCore itself, since only it has dashboard panes.

import { createDoctorDeps } from '../doctor';
import { appDataDir } from '../paths';
import { createCore, type Core, type CoreOptions } from './create-core';
import { defaultKit } from './default-kit';
import { defaultLab } from './default-lab';

export interface ProcessCoreOptions {
  face: 'browser' | 'cli';
  env?: NodeJS.ProcessEnv;
  labSelector?: CoreOptions['labSelector'];
  onUnexpectedError?: CoreOptions['onUnexpectedError'];
}

export function createProcessCore(options: ProcessCoreOptions): Core {
  const env = options.env ?? process.env;
  return createCore({
    face: options.face,
    dataDir: appDataDir(env),
    doctorDeps: (ports) => createDoctorDeps(env, ports ? { ports } : {}),
    lab: defaultLab(env),
    kit: defaultKit(env, appDataDir(env)),
    ...(options.labSelector ? { labSelector: options.labSelector } : {}),
    ...(options.onUnexpectedError ? { onUnexpectedError: options.onUnexpectedError } : {}),
  });
}
