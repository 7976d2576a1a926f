// The command-line plumbing shared by the kind stand-in's commands: cobra-style flag parsing
// (same error texts as kind's cobra), kind's status lines on stderr (" • step ..." then
// " ✓ step" or " ✗ step"), and the error type whose message kind prints as "ERROR: ...".

export class KindError extends Error {
  constructor(
    message: string,
    /** Extra text kind prints after the ERROR line, e.g. "Command Output: ...". */
    readonly detail?: string,
  ) {
    super(message);
  }
}

export type FlagSpec = Record<string, 'string' | 'bool' | 'strings'>;

export interface ParsedArgs {
  flags: Record<string, string | boolean | string[]>;
  args: string[];
}

const globalFlags: FlagSpec = { verbosity: 'string', quiet: 'bool', help: 'bool' };
const shorthands: Record<string, string> = { v: 'verbosity', q: 'quiet', h: 'help' };

export interface FlagDialect {
  globals: FlagSpec;
  shorthands: Record<string, string>;
}

const kindDialect: FlagDialect = { globals: globalFlags, shorthands };

export function parseFlags(argv: string[], spec: FlagSpec, dialect: FlagDialect = kindDialect): ParsedArgs {
  const all = { ...dialect.globals, ...spec };
  const flags: ParsedArgs['flags'] = {};
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    let name: string;
    let inline: string | undefined;
    if (token.startsWith('--')) {
      [name, inline] = token.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (!all[name]) throw new KindError(`unknown flag: --${name}`);
    } else if (token.startsWith('-') && token.length > 1) {
      const short = token[1]!;
      name = dialect.shorthands[short] ?? '';
      if (!name || !all[name]) throw new KindError(`unknown shorthand flag: '${short}' in ${token}`);
      inline = token.length > 2 ? token.slice(2).replace(/^=/, '') : undefined;
    } else {
      args.push(token);
      continue;
    }
    const type = all[name]!;
    if (type === 'bool') {
      flags[name] = inline === undefined ? true : inline !== 'false';
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new KindError(`flag needs an argument: --${name}`);
    if (type === 'strings') flags[name] = [...((flags[name] as string[] | undefined) ?? []), ...value.split(',')];
    else flags[name] = value;
  }
  return { flags, args };
}

export function stringFlag(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.flags[name];
  return typeof value === 'string' ? value : undefined;
}

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** kind's status spinner as it looks when stderr is not a terminal (CI logs, the app's exec helper). */
export class Status {
  private current: string | undefined;

  constructor(private readonly output: Output) {}

  start(message: string): void {
    this.end(true);
    this.current = message;
    this.output.err(` • ${message}  ...\n`);
  }

  end(ok: boolean): void {
    if (this.current === undefined) return;
    this.output.err(` ${ok ? '✓' : '✗'} ${this.current}\n`);
    this.current = undefined;
  }
}

/** Parses Go durations ("60s", "1m30s", "500ms", "0") into milliseconds. */
export function parseGoDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  return parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2]!]!, 0);
}

/** Formats milliseconds the way Go's time.Duration prints (1m0s, 30s, 1h2m3s). */
export function formatGoDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}
