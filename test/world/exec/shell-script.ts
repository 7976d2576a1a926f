// The world's tiny POSIX-ish shell language: words with '…', "…" and \ quoting, $NAME, ${NAME}
// and $? expansion (at run time, so `false; echo $?` prints 1), and command lists joined by
// `;`, newlines, `&&` and `||`. Pipes, redirections and subshells are refused with a message
// instead of being half-done. Commands themselves live in shell-commands.ts.
import { runCommand, type CommandResult, type ShellIO, type ShellState } from './shell-commands.js';

type Part = { literal: string } | { variable: string };
type Word = Part[];
type Operator = ';' | '&&' | '||';

interface Command {
  /** How this command joins the one before it. */
  after: Operator;
  words: Word[];
}

function isNameStart(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z_]/.test(c);
}

/** Reads a `$…` expansion at `i` (pointing at "$"); returns the part and the next index. */
function readExpansion(s: string, i: number): { part: Part; next: number } | { error: string } {
  const c = s[i + 1];
  if (c === '?') return { part: { variable: '?' }, next: i + 2 };
  if (c === '(') return { error: 'command substitution $(…) is not supported in the test world' };
  if (c === '{') {
    const end = s.indexOf('}', i + 2);
    const name = end < 0 ? '' : s.slice(i + 2, end);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && name !== '?') return { error: `\${${name}}: bad substitution` };
    return { part: { variable: name }, next: end + 1 };
  }
  if (isNameStart(c)) {
    let j = i + 1;
    while (j < s.length && /[A-Za-z0-9_]/.test(s[j] ?? '')) j++;
    return { part: { variable: s.slice(i + 1, j) }, next: j };
  }
  return { part: { literal: '$' }, next: i + 1 };
}

/** Reads a "…" word part at `i` (pointing at the quote): \ escapes and $ expansions inside. */
function readDoubleQuoted(s: string, start: number): { parts: Part[]; next: number } | { error: string } {
  const parts: Part[] = [];
  let i = start + 1;
  for (;;) {
    if (i >= s.length) return { error: 'syntax error: unterminated quoted string' };
    const d = s[i] ?? '';
    if (d === '"') return { parts, next: i + 1 };
    if (d === '\\' && '$`"\\\n'.includes(s[i + 1] ?? 'x')) {
      parts.push({ literal: s[i + 1] ?? '' });
      i += 2;
    } else if (d === '$') {
      const expansion = readExpansion(s, i);
      if ('error' in expansion) return expansion;
      parts.push(expansion.part);
      i = expansion.next;
    } else {
      parts.push({ literal: d });
      i++;
    }
  }
}

/** Splits a script into commands; a syntax error comes back as its message. */
export function parseScript(s: string): Command[] | { error: string } {
  const commands: Command[] = [];
  let current: Command = { after: ';', words: [] };
  let word: Word = [];
  let inWord = false;
  const flushWord = (): void => {
    if (inWord) current.words.push(word);
    word = [];
    inWord = false;
  };
  const endCommand = (next: Operator): { error: string } | undefined => {
    flushWord();
    if (current.words.length === 0 && next !== ';') return { error: `syntax error: unexpected "${next}"` };
    if (current.words.length > 0) commands.push(current);
    current = { after: next, words: [] };
    return undefined;
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i] ?? '';
    const pair = s.slice(i, i + 2);
    if (c === ' ' || c === '\t') {
      flushWord();
      i++;
    } else if (c === '\n' || c === ';') {
      const failed = endCommand(';');
      if (failed) return failed;
      i++;
    } else if (pair === '&&' || pair === '||') {
      const failed = endCommand(pair);
      if (failed) return failed;
      i += 2;
    } else if ('|&<>()`'.includes(c)) {
      return { error: `"${c}" (pipes, redirections, background jobs, subshells) is not supported in the test world` };
    } else if (c === '#' && !inWord) {
      while (i < s.length && s[i] !== '\n') i++;
    } else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) return { error: 'syntax error: unterminated quoted string' };
      word.push({ literal: s.slice(i + 1, end) });
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      const quoted = readDoubleQuoted(s, i);
      if ('error' in quoted) return quoted;
      word.push(...quoted.parts);
      inWord = true;
      i = quoted.next;
    } else if (c === '\\') {
      inWord = true;
      if (s[i + 1] !== '\n') word.push({ literal: s[i + 1] ?? '' });
      i += 2;
    } else if (c === '$') {
      const expansion = readExpansion(s, i);
      if ('error' in expansion) return expansion;
      word.push(expansion.part);
      inWord = true;
      i = expansion.next;
    } else if (c === '~' && !inWord && (i + 1 >= s.length || ' \t\n;/'.includes(s[i + 1] ?? ''))) {
      word.push({ variable: 'HOME' });
      inWord = true;
      i++;
    } else {
      word.push({ literal: c });
      inWord = true;
      i++;
    }
  }
  flushWord();
  if (current.words.length > 0) commands.push(current);
  else if (current.after !== ';') return { error: 'syntax error: unexpected end of file' };
  return commands;
}

function expand(word: Word, state: ShellState): string {
  return word.map((p) => ('literal' in p ? p.literal : p.variable === '?' ? String(state.status) : (state.env.get(p.variable) ?? ''))).join('');
}

/** Runs a script line by line semantics of sh: `a && b || c` left to right, `exit` stops it. */
export function runScript(script: string, state: ShellState, io: ShellIO): CommandResult {
  const parsed = parseScript(script);
  if ('error' in parsed) {
    io.err(`${state.shell}: ${parsed.error}\n`);
    state.status = 2;
    return { status: 2 };
  }
  for (const command of parsed) {
    if (command.after === '&&' && state.status !== 0) continue;
    if (command.after === '||' && state.status === 0) continue;
    const argv = command.words.map((w) => expand(w, state));
    const result = runCommand(argv, state, io, runScript);
    state.status = result.status;
    if (result.exit) return result;
  }
  return { status: state.status };
}
