// Plumbing shared by the istioctl stand-in's commands: output streams, the error istioctl
// prints as "Error: ..." (exit 1, or a given code such as analyze's 79), the client version
// (from the release archive the launcher came in), and istioctl's flag dialect.
import { DEFAULT_ISTIO_VERSION } from '../../../core/tools/index.js';
import type { FlagDialect } from '../kind/cli-io.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  stdin: NodeJS.ReadableStream;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  stdin: process.stdin,
};

/** ExitIncorrectUsage in istioctl/cmd/sysexits.go: unknown commands and flags. */
export const EXIT_INCORRECT_USAGE = 64;

export class IstioctlError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function clientVersion(env: NodeJS.ProcessEnv = process.env): string {
  return env.MESHDECK_WORLD_ISTIO_VERSION ?? DEFAULT_ISTIO_VERSION;
}

export const istioctlDialect: FlagDialect = {
  globals: { kubeconfig: 'string', context: 'string', namespace: 'string', istioNamespace: 'string', 'istio-namespace': 'string', vklog: 'string', help: 'bool' },
  shorthands: { c: 'kubeconfig', n: 'namespace', l: 'labels', i: 'istioNamespace', h: 'help', y: 'skip-confirmation', f: 'filename', o: 'output', A: 'all-namespaces', s: 'short' },
};
