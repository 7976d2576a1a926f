// One exec WebSocket to a pod's container, opened with the chosen context's TLS material and
// credentials (client-node's applyToHTTPSOptions, as its own Exec does). It speaks the channel
// protocol directly rather than through client-node's Exec, which throws on unknown channels,
// loses the Status body of a refused upgrade and has no TTY resize without a fake TTY stream.
// A refused upgrade rejects with KubeStatusError; errors stay raw for kubeError() to explain.
import type { KubeConfig } from '@kubernetes/client-node';
import WebSocket, { type ClientOptions, type RawData } from 'ws';
import { KubeStatusError, type KubeStatus } from '../errors';
import { channelFrame, closeSignal, errorChannel, execSubprotocols, parseExecStatus, resizeChannel, resizeMessage, stdinChannel, type ExecEnd } from './exec-channels';

export interface ExecTarget {
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  tty: boolean;
}

export interface ExecListener {
  /** Bytes on stdout (1) or stderr (2). */
  output(channel: number, data: Buffer): void;
  /** The Status on the error channel: how the command ended. */
  ended(end: ExecEnd): void;
  /** The socket closed (after `ended`, or without it when the connection broke). */
  closed(code: number): void;
}

export interface ExecSocket {
  readonly protocol: string;
  stdin(data: string): void;
  /** v5 only: tells the server stdin is done; on v4 there is no such signal. */
  closeStdin(): void;
  resize(cols: number, rows: number): void;
  /** A normal close: the server ends the command. */
  close(): void;
}

const maxErrorBody = 64 * 1024;

export function execPath(target: ExecTarget): string {
  const query = new URLSearchParams({ container: target.container, stdin: 'true', stdout: 'true', stderr: String(!target.tty), tty: String(target.tty) });
  for (const word of target.command) query.append('command', word);
  return `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/exec?${query.toString()}`;
}

function toBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}

export async function openExecSocket(kubeConfig: KubeConfig, target: ExecTarget, listener: ExecListener): Promise<ExecSocket> {
  const server = (kubeConfig.getCurrentCluster()?.server ?? '').replace(/\/$/, '');
  const url = `${server.replace(/^http/, 'ws')}${execPath(target)}`;
  const options: ClientOptions = {};
  await kubeConfig.applyToHTTPSOptions(options);
  const ws = new WebSocket(url, execSubprotocols, { ...options, perMessageDeflate: false });
  let opened = false;
  ws.on('error', () => undefined); // before 'open' the promise below rejects; after it a 'close' follows

  // Listeners go on before 'open': frames sent right after the upgrade arrive before an await resumes.
  ws.on('message', (raw: RawData) => {
    const data = toBuffer(raw);
    const channel = data[0];
    const payload = data.subarray(1);
    if (channel === errorChannel) {
      if (payload.length > 0) listener.ended(parseExecStatus(payload.toString('utf8')));
    } else if (channel !== undefined && channel !== stdinChannel && channel !== resizeChannel && channel !== closeSignal) {
      listener.output(channel, payload);
    }
  });
  ws.on('close', (code: number) => {
    if (opened) listener.closed(code);
  });

  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => {
      opened = true;
      resolve();
    });
    ws.once('error', reject);
    ws.once('unexpected-response', (request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        if (body.length < maxErrorBody) body += chunk.toString('utf8');
      });
      response.on('end', () => {
        let status: KubeStatus | undefined;
        try {
          status = JSON.parse(body) as KubeStatus;
        } catch {
          status = body.trim() ? { message: body.trim().slice(0, 300) } : undefined;
        }
        reject(new KubeStatusError(response.statusCode ?? 0, status, `HTTP ${response.statusCode ?? 0}`));
        request.destroy();
      });
      response.on('error', reject);
    });
  });
  const send = (frame: Buffer): void => {
    if (ws.readyState === WebSocket.OPEN) ws.send(frame);
  };
  return {
    protocol: ws.protocol,
    stdin: (data) => send(channelFrame(stdinChannel, data)),
    closeStdin: () => {
      if (ws.protocol === 'v5.channel.k8s.io') send(channelFrame(closeSignal, Uint8Array.of(stdinChannel)));
    },
    resize: (cols, rows) => send(channelFrame(resizeChannel, resizeMessage(cols, rows))),
    close: () => {
      if (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN) ws.close(1000);
    },
  };
}
