// The commands a world container has: echo, pwd, cd, ls, cat, env, hostname, stty size, which,
// export, true/false, exit, and sh (bash too when installed) with -c. Each writes through
// ShellIO and returns a status like a process would; unknown names answer like sh does (127).
// Nothing here touches the host: paths resolve inside the container's read-only view.
import { listDir, resolvePath, type ContainerView } from './container-view.js';

export interface ShellIO {
  out(text: string): void;
  err(text: string): void;
}

export interface ShellState {
  readonly view: ContainerView;
  /** "sh" or "bash": how error messages are prefixed. */
  readonly shell: string;
  readonly tty: boolean;
  cwd: string;
  env: Map<string, string>;
  /** $? */
  status: number;
  size(): { cols: number; rows: number };
}

export interface CommandResult {
  status: number;
  /** `exit` ran: the shell ends with `status`. */
  exit?: boolean;
}

export type ScriptRunner = (script: string, state: ShellState, io: ShellIO) => CommandResult;

type Command = (args: string[], state: ShellState, io: ShellIO, runScript: ScriptRunner) => CommandResult | number;

/** The command name a word names: `ls`, or `/bin/ls` when that file exists. */
export function commandName(word: string, view: ContainerView): string | undefined {
  if (!word.includes('/')) return view.commands.has(word) ? word : undefined;
  const name = word.slice(word.lastIndexOf('/') + 1);
  return view.commands.has(name) && resolvePath('/', word) === `/bin/${name}` ? name : undefined;
}

function ls(args: string[], state: ShellState, io: ShellIO): number {
  const paths: string[] = [];
  let all = false;
  for (const arg of args) {
    if (arg.length > 1 && arg.startsWith('-')) {
      for (const flag of arg.slice(1)) {
        if (flag === 'a') all = true;
        else if (flag !== '1') {
          io.err(`ls: unrecognized option: ${flag}\n`);
          return 1;
        }
      }
    } else paths.push(arg);
  }
  if (paths.length === 0) paths.push('.');
  const view = state.view;
  let status = 0;
  const format = (names: string[]): string => (names.length === 0 ? '' : state.tty ? `${names.join('  ')}\n` : `${names.join('\n')}\n`);
  const files = paths.filter((p) => view.files.has(resolvePath(state.cwd, p)));
  const dirs = paths.filter((p) => view.dirs.has(resolvePath(state.cwd, p)));
  for (const p of paths) {
    if (!files.includes(p) && !dirs.includes(p)) {
      io.err(`ls: ${p}: No such file or directory\n`);
      status = 1;
    }
  }
  io.out(format(files));
  dirs.forEach((p, index) => {
    const names = listDir(view, resolvePath(state.cwd, p));
    if (paths.length > 1) io.out(`${index > 0 || files.length > 0 ? '\n' : ''}${p}:\n`);
    io.out(format(all ? ['.', '..', ...names] : names));
  });
  return status;
}

function cat(args: string[], state: ShellState, io: ShellIO): number {
  if (args.length === 0) {
    // Interactive reading is the job of the process layer; inside a script there is no pipe.
    io.err('cat: reading standard input inside a shell is not supported by the test world\n');
    return 1;
  }
  let status = 0;
  for (const arg of args) {
    const path = resolvePath(state.cwd, arg);
    const content = state.view.files.get(path);
    if (content !== undefined) io.out(content);
    else if (state.view.dirs.has(path)) {
      io.err(`cat: read error: Is a directory\n`);
      status = 1;
    } else {
      io.err(`cat: can't open '${arg}': No such file or directory\n`);
      status = 1;
    }
  }
  return status;
}

function exit(args: string[], state: ShellState, io: ShellIO): CommandResult {
  const arg = args[0];
  if (arg === undefined) return { status: state.status, exit: true };
  if (!/^\d+$/.test(arg)) {
    io.err(`${state.shell}: exit: Illegal number: ${arg}\n`);
    return { status: 2, exit: true };
  }
  return { status: Number(arg) & 255, exit: true };
}

function shell(name: string): Command {
  return (args, state, io, runScript) => {
    if (args[0] !== '-c' || args[1] === undefined) {
      io.err(`${name}: only \`${name} -c SCRIPT\` can run inside a shell in the test world\n`);
      return 1;
    }
    const nested: ShellState = { ...state, shell: name, env: new Map(state.env), size: state.size };
    return { status: runScript(args[1], nested, io).status };
  };
}

const commands: Record<string, Command> = {
  echo: (args, _state, io) => {
    const noNewline = args[0] === '-n';
    io.out(`${(noNewline ? args.slice(1) : args).join(' ')}${noNewline ? '' : '\n'}`);
    return 0;
  },
  pwd: (_args, state, io) => {
    io.out(`${state.cwd}\n`);
    return 0;
  },
  hostname: (_args, state, io) => {
    io.out(`${state.view.hostname}\n`);
    return 0;
  },
  env: (args, state, io) => {
    if (args.length > 0) {
      io.err('env: running a command through env is not supported by the test world\n');
      return 1;
    }
    for (const [k, v] of state.env) io.out(`${k}=${v}\n`);
    return 0;
  },
  stty: (args, state, io) => {
    if (args.length !== 1 || args[0] !== 'size') {
      io.err('stty: only `stty size` is supported by the test world\n');
      return 1;
    }
    if (!state.tty) {
      io.err('stty: standard input: Not a tty\n');
      return 1;
    }
    const { cols, rows } = state.size();
    io.out(`${rows} ${cols}\n`);
    return 0;
  },
  which: (args, state, io) => {
    let status = 0;
    for (const name of args) {
      if (state.view.commands.has(name)) io.out(`/bin/${name}\n`);
      else status = 1;
    }
    return status;
  },
  ls,
  cat,
  // Only typed at an interactive prompt does sleep wait (interactive-shell.ts); scripts here run at once.
  sleep: (_args, _state, io) => {
    io.err('sleep: only `sleep N` typed at an interactive prompt is supported by the test world\n');
    return 1;
  },
  // The world's shell runs a script at once; only curl run as the exec'd command itself waits on the network.
  curl: (_args, _state, io) => {
    io.err('curl: inside sh -c the test world cannot wait for a transfer; exec curl directly (kubectl exec deploy/curl -- curl …)\n');
    return 1;
  },
  sh: shell('sh'),
  bash: shell('bash'),
};

/** Shell builtins: they exist in every shell, whatever /bin holds. */
const builtins: Record<string, Command> = {
  exit,
  true: () => 0,
  false: () => 1,
  cd: (args, state, io) => {
    const target = args[0] ?? state.env.get('HOME') ?? '/';
    const path = resolvePath(state.cwd, target);
    if (!state.view.dirs.has(path)) {
      io.err(`${state.shell}: cd: can't cd to ${target}: No such file or directory\n`);
      return 2;
    }
    state.cwd = path;
    return 0;
  },
  export: (args, state, io) => {
    if (args.length === 0) for (const [k, v] of state.env) io.out(`export ${k}='${v}'\n`);
    for (const arg of args) {
      const eq = arg.indexOf('=');
      if (eq > 0) state.env.set(arg.slice(0, eq), arg.slice(eq + 1));
    }
    return 0;
  },
};

/** Runs one command line already split into words. */
export function runCommand(argv: string[], state: ShellState, io: ShellIO, runScript: ScriptRunner): CommandResult {
  const [first = '', ...args] = argv;
  const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(first);
  if (assignment && args.length === 0) {
    state.env.set(assignment[1] ?? '', assignment[2] ?? '');
    return { status: 0 };
  }
  const builtin = builtins[first];
  const name = builtin ? undefined : commandName(first, state.view);
  const command = builtin ?? (name ? commands[name] : undefined);
  if (!command) {
    io.err(state.shell === 'bash' ? `bash: ${first}: command not found\n` : `${state.shell}: ${first}: not found\n`);
    return { status: 127 };
  }
  const result = command(args, state, io, runScript);
  return typeof result === 'number' ? { status: result } : result;
}
