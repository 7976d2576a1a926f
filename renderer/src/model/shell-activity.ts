// Whether a command is running in a shell, as far as the bytes tell: closing its tab asks first
// when one is. A terminal has no such signal, so this is a heuristic, and it says which way it errs.
//
// The rule: a command is running from the moment Enter is sent until the shell's output ends in
// something that looks like a prompt again — the last line (after the last newline or carriage
// return, colours removed) ends in "$ ", "# " or "> " (bash and sh, root or not, and the "> " of a
// line still to be continued). So:
// - `sleep 60`, `top`, `cat` waiting for input, a `tail -f`: running, until the prompt is back.
// - A command whose own output ends in "$ " or "# " without a newline looks finished (rare).
// - A custom prompt that ends otherwise (zsh's "% ", "❯") never looks finished once a command ran:
//   closing then asks every time, which is the safe way to be wrong.
// - Keys typed at the prompt without Enter are not a command.

export interface ShellActivity {
  /** Enter was sent and no prompt has been seen since. */
  running: boolean;
  /** The end of the current output line, colours removed, to find a prompt split across chunks. */
  tail: string;
}

export const QUIET_SHELL: ShellActivity = Object.freeze({ running: false, tail: '' });

const TAIL_LIMIT = 256;
// CSI (colours, cursor moves), OSC (window titles, ended by BEL or ST) and two-byte escapes.
const ESCAPES = /\x1b\[[0-9;?<=>!]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
const PROMPT_END = /[$#>] $/;

export function looksLikePrompt(line: string): boolean {
  return PROMPT_END.test(line);
}

/** After keys were sent to the shell: Enter (or a pasted newline) starts a command. */
export function afterInput(activity: ShellActivity, data: string): ShellActivity {
  if (activity.running || !/[\r\n]/.test(data)) return activity;
  return { ...activity, running: true };
}

/** After output came from the shell: a prompt at the end of it means the command is over. */
export function afterOutput(activity: ShellActivity, data: string): ShellActivity {
  const text = (activity.tail + data).replace(ESCAPES, '');
  const lines = text.split(/\r\n|\r|\n/);
  const tail = (lines.at(-1) ?? '').slice(-TAIL_LIMIT);
  const running = activity.running && !looksLikePrompt(tail);
  return running === activity.running && tail === activity.tail ? activity : { running, tail };
}
