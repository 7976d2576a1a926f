// Reads a command's words with node:util parseArgs, but refuses in our words: Node's own texts
// ("argument is ambiguous… use '--http-port=-XYZ'") name its internals, not what to type.

import { parseArgs } from 'node:util';
import { AppError } from '../contract';

export type FlagSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

type Values<T extends FlagSpec> = { [K in keyof T]?: T[K]['type'] extends 'string' ? string : boolean };

export interface ParsedWords<T extends FlagSpec> {
  values: Values<T> & { help?: boolean };
  positionals: string[];
}

function usage(message: string, command: string): AppError {
  return new AppError('INVALID_ARGUMENT', `${message}. Run meshdeck ${command} --help to see its options.`);
}

/**
 * A value that starts with "-" (`--http-port -1`) is joined to its flag, so the flag's own check
 * says what is wrong with it; a flag followed by another flag is missing its value.
 */
function joinDashValues(args: readonly string[], spec: FlagSpec, command: string): string[] {
  const stringFlags = new Set<string>();
  for (const [name, option] of Object.entries(spec)) {
    if (option.type !== 'string') continue;
    stringFlags.add(`--${name}`);
    if (option.short) stringFlags.add(`-${option.short}`);
  }
  const known = (word: string) => Object.entries(spec).some(([name, option]) => word === `--${name}` || word.startsWith(`--${name}=`) || (option.short !== undefined && word.startsWith(`-${option.short}`)));
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as string;
    if (word === '--') {
      joined.push(...args.slice(i));
      break;
    }
    const next = args[i + 1];
    if (stringFlags.has(word) && next !== undefined && next.startsWith('-') && next !== '-') {
      if (known(next) || next === '--') throw usage(`${word} needs a value (it was followed by ${next})`, command);
      // --flag=VALUE; a short flag takes the rest of its word as the value (-n-x).
      joined.push(word.startsWith('--') ? `${word}=${next}` : `${word}${next}`);
      i++;
      continue;
    }
    joined.push(word);
  }
  return joined;
}

/** Node's parseArgs refusal said in flags: which option, and what is wrong with it. */
function retold(error: unknown, command: string): AppError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  // Node names an option as '-o, --output <value>' or '--json': said back as -o/--output or --json.
  const named = /'(?:(-\w), )?(-{1,2}[^'\s<,]+)/.exec(message);
  const option = named ? (named[1] ? `${named[1]}/${named[2]}` : (named[2] ?? '')) : '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return usage(`unknown option ${option}`, command);
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const word = /'([^']*)'/.exec(message)?.[1] ?? '';
    return usage(`unexpected argument "${word}"`, command);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take an argument/.test(message)) return usage(`${option} takes no value`, command);
    return usage(`${option} needs a value`, command);
  }
  return usage(message.split('\n')[0]?.replace(/\.$/, '') ?? message, command);
}

/** The command's flags and positionals; unknown options, missing values and stray words are INVALID_ARGUMENT. */
export function parseFlags<T extends FlagSpec>(args: readonly string[], spec: T, command: string, positionals = false): ParsedWords<T> {
  const options = { ...spec, help: { type: 'boolean', short: 'h' } } as FlagSpec;
  try {
    const parsed = parseArgs({ args: joinDashValues(args, options, command), options, strict: true, allowPositionals: positionals });
    return { values: parsed.values as Values<T> & { help?: boolean }, positionals: parsed.positionals };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw retold(error, command);
  }
}

/** Whether the words ask for JSON (before any `--`): errors of the command are then JSON too. */
export function wantsJson(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--json');
}
