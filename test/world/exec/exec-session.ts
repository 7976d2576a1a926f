// One exec session: a WebSocket from the API server's upgrade bound to a process in a world
// container. Frames from the client feed stdin (0), resize (4) and, in v5, the close signal
// (255) that says stdin is done; the process's output goes out on 1 and 2 (with a TTY
// everything is stdout and "\n" becomes "\r\n", as a terminal's line discipline does), and its
// end goes out as a Status on channel 3 before the socket closes. Closing the socket kills it.
import type { RawData, WebSocket } from 'ws';
import type { ContainerView } from './container-view.js';
import { closeSignal, errorChannel, frame, parseResize, resizeChannel, statusPayload, stderrChannel, stdinChannel, stdoutChannel, type ExecOutcome, type ExecProtocol } from './protocol.js';
import { startProcess, type WorldProcess } from './world-process.js';

export interface ExecRequest {
  namespace: string;
  pod: string;
  podUid: string;
  /** The container instance (its containerID) the process runs in. */
  instance: string;
  container: string;
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
  protocol: ExecProtocol;
}

export interface ExecSessionInfo {
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  protocol: ExecProtocol;
  tty: boolean;
  /** The last size the client sent (0×0 until it sends one). */
  cols: number;
  rows: number;
  /** Resize messages received. */
  resizes: number;
}

/** A TTY's output processing (onlcr): bare "\n" goes out as "\r\n". */
function onlcr(text: string): string {
  return text.replace(/(?<!\r)\n/g, '\r\n');
}

export class ExecSession {
  private cols = 0;
  private rows = 0;
  private resizes = 0;
  private ended = false;
  private readonly process: WorldProcess;

  constructor(
    private readonly ws: WebSocket,
    private readonly request: ExecRequest,
    view: ContainerView,
    onClose: () => void,
  ) {
    // The kubelet's hello: an empty message on the lowest channel the client reads.
    this.send(request.stdout ? stdoutChannel : request.stderr ? stderrChannel : errorChannel, '');
    ws.on('message', (data: RawData) => this.receive(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer)));
    ws.on('close', () => {
      this.process.kill();
      onClose();
    });
    ws.on('error', () => ws.terminate());
    const tty = request.tty;
    this.process = startProcess(request.command, view, { tty }, {
      stdout: (text) => {
        if (request.stdout) this.send(stdoutChannel, tty ? onlcr(text) : text);
      },
      stderr: (text) => {
        if (tty) {
          if (request.stdout) this.send(stdoutChannel, onlcr(text));
        } else if (request.stderr) this.send(stderrChannel, text);
      },
      exit: (outcome) => this.end(outcome),
    });
    if (!request.stdin) this.process.endInput();
  }

  info(): ExecSessionInfo {
    const { namespace, pod, container, command, protocol, tty } = this.request;
    return { namespace, pod, container, command: [...command], protocol, tty, cols: this.cols, rows: this.rows, resizes: this.resizes };
  }

  get podUid(): string {
    return this.request.podUid;
  }

  get containerName(): string {
    return this.request.container;
  }

  get instance(): string {
    return this.request.instance;
  }

  terminate(): void {
    this.ws.terminate();
  }

  /** The container stopped under the process (pod deleted, container restarted): SIGKILL, 137. */
  containerStopped(): void {
    this.process.kill();
    this.end({ exitCode: 137, command: this.request.command });
  }

  private receive(data: Buffer): void {
    if (data.length === 0) return;
    const channel = data[0];
    const payload = data.subarray(1);
    if (channel === stdinChannel) {
      if (this.request.stdin && payload.length > 0) this.process.input(payload);
    } else if (channel === resizeChannel) {
      const size = parseResize(payload);
      if (!size) return;
      this.cols = size.cols;
      this.rows = size.rows;
      this.resizes++;
      this.process.resize(size.cols, size.rows);
    } else if (channel === closeSignal && this.request.protocol === 'v5.channel.k8s.io') {
      if (payload[0] === stdinChannel) this.process.endInput();
    }
  }

  private end(outcome: ExecOutcome): void {
    if (this.ended) return;
    this.ended = true;
    const payload = statusPayload(this.request.protocol, outcome);
    if (payload !== undefined) this.send(errorChannel, payload);
    if (this.ws.readyState === this.ws.OPEN) this.ws.close(1000);
  }

  private send(channel: number, data: string): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(frame(channel, data));
  }
}
