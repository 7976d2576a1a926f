// The real `istioctl` of the downloaded release, run through core/exec: client version,
// install with an IstioOperator overlay, verify-install, uninstall --purge and analyze. Every
// cluster call names --kubeconfig and --context explicitly: MeshDeck never relies on whatever
// context happens to be current. Argument arrays only; lines go to the caller's logger.

import { AppError, isAppError } from '../contract';
import type { ExecFunction, ExecOptions, ExecResult, LineSink } from '../exec';
import { istioctlFailure } from './istioctl-errors';

export type { ExecFunction, LineSink };

export interface IstioctlCliDeps {
  istioctlPath: string;
  exec: ExecFunction;
  env?: NodeJS.ProcessEnv;
}

export interface RunOptions {
  signal?: AbortSignal;
  onLine?: LineSink;
}

/** Which cluster to talk to; both are always passed to istioctl. */
export interface ClusterTarget extends RunOptions {
  kubeconfigPath: string;
  context: string;
}

export interface InstallOptions extends ClusterTarget {
  overlayPath: string;
}

export interface AnalyzeFinding {
  level: 'Error' | 'Warning' | 'Info';
  code: string;
  resource: string;
  message: string;
}

export interface AnalyzeResult {
  /** True when istioctl found no errors or warnings. */
  clean: boolean;
  findings: AnalyzeFinding[];
}

export interface IstioctlCli {
  /** The client version without "v", e.g. "1.30.5" (`version --remote=false`). */
  version(options?: RunOptions): Promise<string>;
  install(options: InstallOptions): Promise<void>;
  verifyInstall(options: ClusterTarget): Promise<void>;
  /** Removes every Istio resource (`uninstall --purge -y`). */
  uninstall(options: ClusterTarget): Promise<void>;
  analyze(namespace: string, options: ClusterTarget): Promise<AnalyzeResult>;
}

/** `istioctl analyze` exits 79 when it found issues (its output lists them). */
const ANALYZE_ISSUES_EXIT = 79;
const FINDING = /^(Error|Warning|Info) \[(IST\d+)\] \(([^)]*)\) (.*)$/;

export function parseAnalyzeOutput(stdout: string): AnalyzeFinding[] {
  return stdout.split('\n').flatMap((line) => {
    const match = FINDING.exec(line.trim());
    return match ? [{ level: match[1] as AnalyzeFinding['level'], code: match[2]!, resource: match[3]!, message: match[4]! }] : [];
  });
}

export function istioctlCli(deps: IstioctlCliDeps): IstioctlCli {
  const run = async (args: string[], action: string, options: RunOptions = {}): Promise<ExecResult> => {
    // istioctl reports what failed on stdout ("✘ Istiod encountered an error: ..." and indented details).
    const failures: string[] = [];
    const onLine: LineSink = (line, stream) => {
      if (stream === 'stdout' && (line.startsWith('✘') || (failures.length > 0 && /^\s+\S/.test(line)))) failures.push(line.trim());
      if (failures.length > 10) failures.shift();
      options.onLine?.(line, stream);
    };
    const execOptions: ExecOptions = { signal: options.signal, onLine };
    if (deps.env) execOptions.env = deps.env;
    try {
      return await deps.exec(deps.istioctlPath, args, execOptions);
    } catch (error) {
      throw istioctlFailure(error, action, failures);
    }
  };
  const cluster = (target: ClusterTarget): string[] => ['--kubeconfig', target.kubeconfigPath, '--context', target.context];

  return {
    async version(options) {
      const { stdout } = await run(['version', '--remote=false'], 'report its version', options);
      const version = /client version: v?(\S+)/.exec(stdout)?.[1];
      if (!version) throw new AppError('COMMAND_FAILED', `${deps.istioctlPath} does not look like istioctl: "istioctl version --remote=false" printed "${stdout.trim().slice(0, 200)}".`, { command: `${deps.istioctlPath} version --remote=false` });
      return version;
    },
    async install(options) {
      await run(['install', '-y', '-f', options.overlayPath, ...cluster(options)], 'install Istio', options);
    },
    async verifyInstall(options) {
      await run(['verify-install', ...cluster(options)], 'verify the Istio installation', options);
    },
    async uninstall(options) {
      await run(['uninstall', '--purge', '-y', ...cluster(options)], 'uninstall Istio', options);
    },
    async analyze(namespace, options) {
      // On findings istioctl exits 79 and the findings are on stdout, which exec does not keep then.
      const stdout: string[] = [];
      const onLine: LineSink = (line, stream) => {
        if (stream === 'stdout') stdout.push(line);
        options.onLine?.(line, stream);
      };
      try {
        await run(['analyze', '--namespace', namespace, ...cluster(options)], `analyze namespace ${namespace}`, { signal: options.signal, onLine });
        return { clean: true, findings: parseAnalyzeOutput(stdout.join('\n')) };
      } catch (error) {
        if (isAppError(error) && error.code === 'COMMAND_FAILED' && error.details?.exitCode === ANALYZE_ISSUES_EXIT) {
          return { clean: false, findings: parseAnalyzeOutput(stdout.join('\n')) };
        }
        throw error;
      }
    },
  };
}
