// A binary the user chose (`--kind PATH`, `--istioctl PATH`) is used as is, after one check that
// it runs and prints the version MeshDeck expects. Another patch release of the same minor is
// accepted with a warning (both projects keep the CLI stable within a minor); any other
// version is refused, since the plan and the samples are written for the pinned one.

import { AppError } from '../contract';
import type { ToolDeps } from './tool-deps';

export type UserTool = 'kind' | 'istioctl';

export interface UserBinaryRequest {
  tool: UserTool;
  path: string;
  /** `v0.32.0` for kind, `1.30.5` for istioctl. */
  expected: string;
  deps: Pick<ToolDeps, 'exec'>;
  signal?: AbortSignal | undefined;
}

export interface UserBinary {
  path: string;
  version: string;
  /** Set when the version differs from the expected one in its patch number only. */
  warning?: string;
}

const PROBES: Record<UserTool, { args: string[]; pattern: RegExp; flag: string }> = {
  kind: { args: ['version'], pattern: /^kind v(\d+\.\d+\.\d+)\S*/m, flag: '--kind' },
  istioctl: { args: ['version', '--remote=false'], pattern: /^client version: v?(\d+\.\d+\.\d+)\S*/m, flag: '--istioctl' },
};

export async function checkUserBinary(request: UserBinaryRequest): Promise<UserBinary> {
  const probe = PROBES[request.tool];
  const expected = request.expected.replace(/^v/, '');
  const command = `${request.path} ${probe.args.join(' ')}`;
  let output: string;
  try {
    const result = await request.deps.exec(request.path, probe.args, { signal: request.signal });
    output = `${result.stdout}${result.stderr}`;
  } catch (error) {
    if (error instanceof AppError && error.code === 'CANCELLED') throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError(
      'COMMAND_FAILED',
      `The ${request.tool} you chose (${request.path}) does not run: ${reason} Check the path given with ${probe.flag}, or leave ${probe.flag} out and MeshDeck downloads ${request.tool} ${request.expected}.`,
      { command, path: request.path, ...(error instanceof AppError ? error.details : {}) },
    );
  }
  const version = probe.pattern.exec(output)?.[1];
  if (version === undefined) {
    throw new AppError(
      'INVALID_ARGUMENT',
      `${request.path} does not look like ${request.tool}: \`${command}\` printed "${output.trim().slice(0, 120)}". Check the path given with ${probe.flag}.`,
      { path: request.path },
    );
  }
  if (version === expected) return { path: request.path, version };
  if (minor(version) === minor(expected)) {
    return {
      path: request.path,
      version,
      warning: `${request.path} is ${request.tool} ${version}; MeshDeck is tested with ${expected}. Using it anyway, since only the patch number differs.`,
    };
  }
  throw new AppError(
    'INVALID_ARGUMENT',
    `${request.path} is ${request.tool} ${version}, but MeshDeck needs ${expected}. Point ${probe.flag} at ${request.tool} ${expected}, or leave ${probe.flag} out and MeshDeck downloads it.`,
    { path: request.path, version, expected },
  );
}

function minor(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}
