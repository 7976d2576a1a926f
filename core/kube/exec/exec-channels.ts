// The exec subresource's channel protocol as a client speaks it: which subprotocols to offer
// (v5 first for the stdin close signal, v4 as fallback), the channel byte in front of every
// message, the resize message, and what the Status on the error channel says about the end of
// the command (exit code, or why it could not run). Pure: no sockets.

export const execSubprotocols = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

export const stdinChannel = 0;
export const stdoutChannel = 1;
export const stderrChannel = 2;
export const errorChannel = 3;
export const resizeChannel = 4;
export const closeSignal = 255;

export function channelFrame(channel: number, data: string | Uint8Array): Buffer {
  const payload = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const frame = Buffer.allocUnsafe(payload.length + 1);
  frame[0] = channel;
  frame.set(payload, 1);
  return frame;
}

/** Field names as kubectl sends them; the API server decodes them case-insensitively. */
export function resizeMessage(cols: number, rows: number): string {
  return JSON.stringify({ Width: cols, Height: rows });
}

/** How a command ended, from the error channel's metav1.Status. */
export interface ExecEnd {
  /** The exit code; null when the command did not run to an exit (runtime or API error). */
  code: number | null;
  message?: string;
}

interface StatusShape {
  status?: string;
  reason?: string;
  message?: string;
  details?: { causes?: { reason?: string; message?: string }[] };
}

export function parseExecStatus(payload: string): ExecEnd {
  let status: StatusShape;
  try {
    status = JSON.parse(payload) as StatusShape;
  } catch {
    // channel.k8s.io sends the bare message (failures only).
    return { code: null, message: payload };
  }
  if (status.status === 'Success') return { code: 0 };
  if (status.reason === 'NonZeroExitCode') {
    const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
    const code = Number.parseInt(cause?.message ?? '', 10);
    if (Number.isInteger(code)) return { code };
  }
  return { code: null, message: status.message ?? 'the command failed' };
}

// How container runtimes begin the message when they cannot start the process (runc, crun).
const startFailurePrefixes = ['OCI runtime exec failed', 'exec failed', 'crun:'];

/**
 * Whether the output so far may still be the runtime's start failure: nothing yet, part of
 * one of its prefixes, or the whole message. Anything else means the shell itself is talking.
 */
export function mayBeStartFailure(output: string): boolean {
  const text = output.trimStart();
  return text === '' || startFailurePrefixes.some((p) => p.startsWith(text) || text.startsWith(p));
}

/** The runtime found no such executable (with a TTY it says so on stdout, without in the Status). */
export function isMissingExecutable(end: ExecEnd, output: string): boolean {
  const text = `${end.message ?? ''}\n${output}`;
  return /executable file not found|no such file or directory|not found in \$PATH/i.test(text) || end.code === 127;
}
