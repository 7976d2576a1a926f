// The wire format of the exec subresource over WebSocket as kube-apiserver and the kubelet speak
// it: subprotocol negotiation (client order wins, like wsstream's handshake), one channel byte
// in front of every binary message, and the Status a run ends with on the error channel (JSON
// metav1.Status from v4 on, the bare message in channel.k8s.io). No sockets here.

export const stdinChannel = 0;
export const stdoutChannel = 1;
export const stderrChannel = 2;
export const errorChannel = 3;
export const resizeChannel = 4;
/** v5 only: `[255, id]` from the client closes stream `id` (stdin: the client has no more input). */
export const closeSignal = 255;

export type ExecProtocol = 'v5.channel.k8s.io' | 'v4.channel.k8s.io' | 'channel.k8s.io';

export const execProtocols: readonly ExecProtocol[] = ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'channel.k8s.io'];

/** The first protocol the client offers that the world speaks; '' (no header) is channel.k8s.io. */
export function negotiateProtocol(offered: readonly string[]): ExecProtocol | undefined {
  if (offered.length === 0) return 'channel.k8s.io';
  return offered.find((p): p is ExecProtocol => (execProtocols as readonly string[]).includes(p));
}

/** Sec-WebSocket-Protocol as a list, in the client's order. */
export function offeredProtocols(header: string | string[] | undefined): string[] {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  return text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

export function frame(channel: number, data: Buffer | string = ''): Buffer {
  const payload = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const out = Buffer.allocUnsafe(payload.length + 1);
  out[0] = channel;
  payload.copy(out, 1);
  return out;
}

/** A resize message: kubectl sends {"Width","Height"}, client-node {"width","height"}; Go decodes both. */
export function parseResize(data: Buffer): { cols: number; rows: number } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const fields = new Map(Object.entries(parsed).map(([k, v]) => [k.toLowerCase(), v]));
  const cols = fields.get('width');
  const rows = fields.get('height');
  if (typeof cols !== 'number' || typeof rows !== 'number' || cols < 0 || rows < 0) return undefined;
  return { cols: Math.floor(cols), rows: Math.floor(rows) };
}

/** How a run ended: an exit code, or the runtime could not start the command at all. */
export type ExecOutcome = { exitCode: number; command: string[] } | { runtimeError: string };

/** The error-channel payload for an outcome, or undefined when channel.k8s.io sends nothing (success). */
export function statusPayload(protocol: ExecProtocol, outcome: ExecOutcome): string | undefined {
  const status = statusOf(outcome);
  if (protocol === 'channel.k8s.io') return status.status === 'Success' ? undefined : status.message;
  return JSON.stringify(status);
}

interface ExecStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes: { reason?: string; message: string }[] };
  code?: number;
}

function statusOf(outcome: ExecOutcome): ExecStatus {
  if ('runtimeError' in outcome) {
    // What the kubelet sends when the runtime fails to start the process (not an exit code).
    const inner = `error executing command in container: ${outcome.runtimeError}`;
    return { metadata: {}, status: 'Failure', message: `Internal error occurred: ${inner}`, reason: 'InternalError', details: { causes: [{ message: inner }] }, code: 500 };
  }
  if (outcome.exitCode === 0) return { metadata: {}, status: 'Success' };
  // containerd's wording inside the kubelet's "command terminated with non-zero exit code: %v".
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${outcome.command.join(' ')}], exit code ${outcome.exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(outcome.exitCode) }] },
  };
}
