// A lesson's `kubectl:` instructions as an attendee types them: one command per line, words split
// as a shell splits plain words and quotes, and a `<<EOF` here-document fed to the command's
// stdin. Only kubectl commands are accepted: the lessons must not need anything else, and a
// line that is not kubectl fails the test instead of being skipped.

export interface AttendeeCommand {
  /** kubectl's arguments (without the word kubectl). */
  args: string[];
  stdin?: string;
  /** The line as written, for failure messages. */
  line: string;
}

function words(line: string): string[] {
  const out: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const m of line.matchAll(pattern)) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

export function parseKubectlInstructions(text: string): AttendeeCommand[] {
  const lines = text.split('\n');
  const commands: AttendeeCommand[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const heredoc = /\s<<-?\s*'?(\w+)'?\s*$/.exec(line);
    const command = heredoc ? line.slice(0, heredoc.index) : line;
    const [program, ...args] = words(command);
    if (program !== 'kubectl') throw new Error(`Not a kubectl command: "${line}"`);
    if (!heredoc) {
      commands.push({ args, line });
      continue;
    }
    const end = lines.findIndex((l, at) => at > i && l.trim() === heredoc[1]);
    if (end < 0) throw new Error(`The here-document of "${line}" has no closing ${heredoc[1]}`);
    commands.push({ args, line, stdin: `${lines.slice(i + 1, end).join('\n')}\n` });
    i = end;
  }
  return commands;
}
