// One interactive shell: finds out whether a shell starts (the runtime's "executable file not
// found" goes unseen, so the next shell can be tried), then turns the socket's bytes into
// shell:output events. Text is decoded as a stream, so a character split across frames stays
// whole; output is coalesced per turn of the event loop; nothing is emitted until the caller
// has answered open() (release), so the first bytes never reach a viewer that has no id yet.
import { TextDecoder } from 'node:util';
import { AppError, type ShellOutputInfo } from '../../contract';
import { isMissingExecutable, mayBeStartFailure, type ExecEnd } from './exec-channels';
import type { ExecListener, ExecSocket } from './exec-socket';

export type ShellConnect = (command: string[], listener: ExecListener) => Promise<ExecSocket>;

export interface ShellSessionOptions {
  id: string;
  pod: string;
  container: string;
  cols: number;
  rows: number;
  emit: (out: ShellOutputInfo) => void;
  /** The shell ended by itself (exit, broken connection). */
  onEnded: () => void;
}

export class ShellSession {
  private socket: ExecSocket | undefined;
  private readonly decoders = new Map<number, TextDecoder>();
  private pending = '';
  private flushQueued = false;
  private held = true;
  private end: ExecEnd | undefined;
  private closedCode: number | undefined;
  private done = false;

  constructor(private readonly options: ShellSessionOptions) {}

  get id(): string {
    return this.options.id;
  }

  /** The shell is over (exited, broke, or was closed). */
  get ended(): boolean {
    return this.done || this.closedCode !== undefined;
  }

  /**
   * Runs `command` with a TTY. 'missing' when the container has no such executable (its error
   * is swallowed); 'started' once the shell talks or ends any other way.
   */
  attempt(connect: ShellConnect, command: string): Promise<'started' | 'missing'> {
    return new Promise((resolve, reject) => {
      let decision: 'live' | 'missing' | 'broken' | undefined;
      let socket: ExecSocket | undefined;
      let seen = '';
      let brokenCode = 0;
      const early: { channel: number; data: Buffer }[] = [];
      const settle = (): void => {
        if (!socket || !decision) return;
        if (decision === 'live') {
          this.socket = socket;
          resolve('started');
        } else if (decision === 'missing') {
          socket.close();
          resolve('missing');
        } else {
          reject(new AppError('K8S_API', `The connection to pod ${this.options.pod} closed before ${command} started (WebSocket code ${brokenCode}). Check that the API server is reachable and try again.`));
        }
      };
      const goLive = (): void => {
        decision = 'live';
        for (const chunk of early.splice(0)) this.output(chunk.channel, chunk.data);
      };
      const listener: ExecListener = {
        output: (channel, data) => {
          if (decision === 'live') return this.output(channel, data);
          if (decision) return;
          early.push({ channel, data });
          seen += data.toString('utf8');
          if (!mayBeStartFailure(seen)) {
            goLive();
            settle();
          }
        },
        ended: (end) => {
          if (decision === 'live') {
            this.end = end;
            return;
          }
          if (decision) return;
          if (isMissingExecutable(end, seen)) decision = 'missing';
          else {
            goLive();
            this.end = end;
          }
          settle();
        },
        closed: (code) => {
          if (decision === 'live') return this.closed(code);
          if (decision) return;
          if (isMissingExecutable({ code: null }, seen)) decision = 'missing';
          else {
            decision = 'broken';
            brokenCode = code;
          }
          settle();
        },
      };
      connect([command], listener).then((opened) => {
        socket = opened;
        opened.resize(this.options.cols, this.options.rows);
        settle();
      }, reject);
    });
  }

  input(data: string): void {
    this.socket?.stdin(data);
  }

  resize(cols: number, rows: number): void {
    this.socket?.resize(cols, rows);
  }

  /** open() has answered: what was held back goes out now. */
  release(): void {
    this.held = false;
    this.flush();
    if (this.closedCode !== undefined) this.finish();
  }

  /** Ends the shell from this side; false when it had ended already. */
  close(): boolean {
    if (this.done) return false;
    this.socket?.close();
    this.collectDecoderTails();
    if (!this.held) this.flush();
    this.done = true;
    if (!this.held) this.options.emit({ sessionId: this.id, exit: { code: null, message: 'The shell was closed.' } });
    return true;
  }

  private output(channel: number, data: Buffer): void {
    let decoder = this.decoders.get(channel);
    if (!decoder) {
      decoder = new TextDecoder('utf-8');
      this.decoders.set(channel, decoder);
    }
    this.pending += decoder.decode(data, { stream: true });
    if (this.held || this.flushQueued || this.pending === '') return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flushQueued = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.pending === '' || this.done) return;
    const data = this.pending;
    this.pending = '';
    this.options.emit({ sessionId: this.id, data });
  }

  private collectDecoderTails(): void {
    for (const decoder of this.decoders.values()) this.pending += decoder.decode();
  }

  private closed(code: number): void {
    if (this.done) return;
    this.closedCode = code;
    this.collectDecoderTails();
    if (!this.held) this.finish();
  }

  private finish(): void {
    if (this.done) return;
    this.flush();
    this.done = true;
    const end = this.end;
    const exit = end ? { code: end.code, ...(end.message ? { message: end.message } : {}) } : { code: null, message: `The connection to pod ${this.options.pod} closed (WebSocket code ${this.closedCode ?? 0}).` };
    this.options.emit({ sessionId: this.id, exit });
    this.options.onEnded();
  }
}
