// The real `istioctl` of the downloaded release, run through core/exec: client version,
// install with an IstioOperator overlay, x check-inject (verify-install is gone since 1.24),
// uninstall --purge and analyze. Every cluster call names --kubeconfig and --context explicitly:
// MeshDeck never relies on whatever context happens to be current. Argument arrays only; lines
// go to the caller's logger.

import { AppError, isAppError } from '../contract';
import type { ExecFunction, ExecOptions, ExecResult, LineSink } from '../exec';
import { parseCheckInject, type CheckInjectResult } from './check-inject-output';
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
  /**
   * `--readiness-timeout` in milliseconds. istioctl's own default (300 s) makes a slow image pull
   * fail the install while the pods are still coming up; callers with their own stall watch pass
   * a generous backstop so that their watch decides.
   */
  readinessTimeoutMs?: number;
}

/** Which pod `istioctl x check-inject` looks at: one pod or workload, or pod labels. */
export interface CheckInjectTarget extends ClusterTarget {
  namespace: string;
  /** `[<type>/]<name>`, e.g. "deployment/reviews-v1" or a pod name. */
  resource?: string;
  /** Pod labels, e.g. "app=reviews,version=v1" (`-l`), when no resource is named. */
  labels?: string;
}

export interface AnalyzeFinding {
  level: 'Error' | 'Warning' | 'Info';
  code: string;
  resource: string;
  message: string;
}

export interface AnalyzeResult {
  /**
   * True when no finding is an Error or a Warning. Read from the findings, not the exit code:
   * istioctl exits 79 only for Errors (--failure-threshold defaults to Error).
   */
  clean: boolean;
  findings: AnalyzeFinding[];
}

export interface IstioctlCli {
  /** The client version without "v", e.g. "1.30.5" (`version --remote=false`). */
  version(options?: RunOptions): Promise<string>;
  install(options: InstallOptions): Promise<void>;
  /** The YAML `install -f <overlay>` would apply (`manifest generate`; needs no cluster). */
  manifestGenerate(overlayPath: string, options?: RunOptions): Promise<string>;
  /** Whether each Istio injector webhook injects the target's pods, and why (`x check-inject`). */
  checkInject(target: CheckInjectTarget): Promise<CheckInjectResult>;
  /** Removes every Istio resource (`uninstall --purge -y`). */
  uninstall(options: ClusterTarget): Promise<void>;
  analyze(namespace: string, options: ClusterTarget): Promise<AnalyzeResult>;
}

/** `istioctl analyze` exits 79 when a finding is at --failure-threshold (Error) or worse. */
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
    // istioctl's progress log (a progress bar on stderr, operator/pkg/util/progress) says what
    // failed: "✘ Istiod encountered an error: ..." and the indented resources that were not ready.
    const failures: string[] = [];
    const onLine: LineSink = (line, stream) => {
      // The final "Error: failed to install manifests: …" repeats those indented lines: keep them once.
      const failing = stream === 'stderr' && (line.startsWith('✘') || (failures.length > 0 && /^\s+\S/.test(line)));
      if (failing && !failures.includes(line.trim())) failures.push(line.trim());
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
      const timeout = options.readinessTimeoutMs ? ['--readiness-timeout', `${Math.ceil(options.readinessTimeoutMs / 1000)}s`] : [];
      await run(['install', '-y', '-f', options.overlayPath, ...timeout, ...cluster(options)], 'install Istio', options);
    },
    async manifestGenerate(overlayPath, options) {
      // The manifests are the result, not log lines: only stderr goes to the caller's logger. Kept
      // here line by line, since exec's own capture stops at 4 MB.
      const lines: string[] = [];
      const onLine: LineSink = (line, stream) => (stream === 'stdout' ? void lines.push(line) : options?.onLine?.(line, stream));
      await run(['manifest', 'generate', '-f', overlayPath], 'generate the Istio manifests', { ...(options?.signal ? { signal: options.signal } : {}), onLine });
      return `${lines.join('\n')}\n`;
    },
    async checkInject(target) {
      const which = target.resource ? [target.resource] : ['-l', target.labels ?? ''];
      const { stdout } = await run(['x', 'check-inject', '-n', target.namespace, ...which, ...cluster(target)], `check sidecar injection in namespace ${target.namespace}`, target);
      return parseCheckInject(stdout);
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
      } catch (error) {
        if (!(isAppError(error) && error.code === 'COMMAND_FAILED' && error.details?.exitCode === ANALYZE_ISSUES_EXIT)) throw error;
      }
      const findings = parseAnalyzeOutput(stdout.join('\n'));
      return { clean: !findings.some((f) => f.level === 'Error' || f.level === 'Warning'), findings };
    },
  };
}
