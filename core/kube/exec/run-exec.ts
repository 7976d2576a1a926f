// One command run to its end in a pod's container over the exec subresource (no TTY, no stdin):
// what it printed on stdout and stderr, bounded, and how it ended. For short commands the core
// runs for the user (the traffic generator's curl in the curl pod); shells are ShellSessions'.
import type { KubeConfig } from '@kubernetes/client-node';
import { AppError } from '../../contract';
import type { ExecEnd } from './exec-channels';
import { openExecSocket, type ExecSocket, type ExecTarget } from './exec-socket';

export interface ExecOutput extends ExecEnd {
  stdout: string;
  stderr: string;
}

export interface RunExecOptions {
  signal?: AbortSignal;
  /** Output kept per stream; more is dropped (default 2 MiB). */
  maxOutputBytes?: number;
}

export async function runExec(kubeConfig: KubeConfig, target: Omit<ExecTarget, 'tty'>, options: RunExecOptions = {}): Promise<ExecOutput> {
  const limit = options.maxOutputBytes ?? 2 * 1024 * 1024;
  if (options.signal?.aborted) throw new AppError('CANCELLED', 'Cancelled before the command ran.');
  const chunks: Record<1 | 2, Buffer[]> = { 1: [], 2: [] };
  const sizes = { 1: 0, 2: 0 };
  let end: ExecEnd | undefined;
  let socket: ExecSocket | undefined;
  let settle: (result: ExecOutput | Error) => void = () => undefined;
  const finished = new Promise<ExecOutput>((resolve, reject) => {
    settle = (result) => (result instanceof Error ? reject(result) : resolve(result));
  });
  const text = (channel: 1 | 2) => Buffer.concat(chunks[channel]).toString('utf8');
  const onAbort = () => {
    socket?.close();
    settle(new AppError('CANCELLED', 'The command was cancelled.'));
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    socket = await openExecSocket(kubeConfig, { ...target, tty: false }, {
      output(channel, data) {
        if (channel !== 1 && channel !== 2) return;
        if (sizes[channel] + data.length > limit) return;
        sizes[channel] += data.length;
        chunks[channel].push(data);
      },
      ended(status) {
        end = status;
      },
      closed() {
        // The error channel's Status says how it ended; a socket closed without one broke.
        settle(end ? { ...end, stdout: text(1), stderr: text(2) } : new AppError('K8S_API', `The exec connection to pod ${target.namespace}/${target.pod} closed before the command ended.`));
      },
    });
    // No input: v5 says so, so commands that read stdin see its end.
    socket.closeStdin();
    return await finished;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
