// An interactive sh (or bash) reading its standard input. With a TTY it plays the terminal's
// line discipline too: echoes what is typed, handles backspace, Enter (\r), Ctrl-C, Ctrl-D and
// swallows escape sequences (arrow keys) it cannot edit with; it prints a prompt before every
// line. Without a TTY it reads lines silently, like sh fed from a pipe. EOF ends the shell
// with the last status, as sh does. `sleep N` typed at the prompt is the one command that takes
// time (so a client can see a command still running): the prompt comes back after N seconds,
// or at once on Ctrl-C; what else is typed meanwhile is dropped.
import { runScript } from './shell-script.js';
import { commandName, type ShellIO, type ShellState } from './shell-commands.js';

export interface InteractiveShellOptions {
  /** Echo and line editing: the session has a TTY. */
  tty: boolean;
  /** Print prompts (TTY, or `sh -i`). */
  prompt: boolean;
  onExit(status: number): void;
}

export class InteractiveShell {
  private line = '';
  private escape: 'none' | 'start' | 'csi' = 'none';
  private lastWasCR = false;
  private ended = false;
  private sleeping: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly state: ShellState,
    private readonly io: ShellIO,
    private readonly options: InteractiveShellOptions,
  ) {}

  start(): void {
    this.showPrompt();
  }

  /** Decoded characters from stdin. */
  input(text: string): void {
    for (const c of text) {
      if (this.ended) return;
      if (this.sleeping) {
        if (c === '\x03') this.wake(130, '^C\n');
        continue;
      }
      if (this.options.tty) this.typed(c);
      else if (c === '\n') this.enter();
      else this.line += c;
    }
  }

  /** Stdin closed: run what is left (pipes), then leave like sh at EOF. */
  end(): void {
    if (this.ended) return;
    if (!this.options.tty && this.line.length > 0) this.enter();
    this.finish(this.state.status);
  }

  private prompt(): string {
    const home = this.state.env.get('HOME') ?? '/root';
    const where = this.state.cwd === home ? '~' : this.state.cwd.startsWith(`${home}/`) ? `~${this.state.cwd.slice(home.length)}` : this.state.cwd;
    return this.state.shell === 'bash' ? `root@${this.state.view.hostname}:${where}# ` : `${where} # `;
  }

  private showPrompt(): void {
    if (this.options.prompt && !this.ended) this.io.out(this.prompt());
  }

  private typed(c: string): void {
    const wasCR = this.lastWasCR;
    this.lastWasCR = c === '\r';
    if (this.escape !== 'none') {
      // ESC [ params final: cursor keys and friends; the world has no line editing beyond backspace.
      if (this.escape === 'start') this.escape = c === '[' || c === 'O' ? 'csi' : 'none';
      else if (c >= '@' && c <= '~') this.escape = 'none';
      return;
    }
    switch (c) {
      case '\x1b':
        this.escape = 'start';
        return;
      case '\r':
        this.io.out('\n');
        this.enter();
        return;
      case '\n':
        if (wasCR) return; // "\r\n" from a client is one Enter
        this.io.out('\n');
        this.enter();
        return;
      case '\x7f':
      case '\b': {
        if (this.line.length === 0) return;
        const chars = [...this.line];
        chars.pop();
        this.line = chars.join('');
        this.io.out('\b \b');
        return;
      }
      case '\x03':
        this.io.out('^C\n');
        this.line = '';
        this.state.status = 130;
        this.showPrompt();
        return;
      case '\x04':
        if (this.line.length === 0) this.finish(this.state.status);
        return;
      default:
        if (c < ' ') return; // other control characters (tab: no completion here)
        this.line += c;
        this.io.out(c);
    }
  }

  private enter(): void {
    const line = this.line.replace(/\r$/, '');
    this.line = '';
    const sleep = /^\s*sleep\s+(\d{1,4})\s*$/.exec(line);
    if (sleep && commandName('sleep', this.state.view)) {
      this.sleeping = setTimeout(() => this.wake(0, ''), Number(sleep[1]) * 1000);
      this.sleeping.unref?.();
      return;
    }
    const result = runScript(line, this.state, this.io);
    if (result.exit) this.finish(result.status);
    else this.showPrompt();
  }

  private wake(status: number, echo: string): void {
    if (this.sleeping) clearTimeout(this.sleeping);
    this.sleeping = null;
    this.state.status = status;
    if (this.options.tty && echo) this.io.out(echo);
    this.showPrompt();
  }

  private finish(status: number): void {
    if (this.sleeping) clearTimeout(this.sleeping);
    this.sleeping = null;
    if (this.ended) return;
    this.ended = true;
    this.options.onExit(status);
  }
}
