import { describe, expect, it } from 'vitest';
import { QUIET_SHELL, afterInput, afterOutput, looksLikePrompt, type ShellActivity } from './shell-activity';

function run(steps: ({ in: string } | { out: string })[]): ShellActivity {
  return steps.reduce((activity, step) => ('in' in step ? afterInput(activity, step.in) : afterOutput(activity, step.out)), QUIET_SHELL);
}

describe('whether a command is running in a shell', () => {
  it('knows the prompts of bash and sh, as root or not', () => {
    for (const prompt of ['root@productpage-v1:/# ', '/ # ', 'bash-5.1$ ', 'user@host:~$ ', '> ']) expect(looksLikePrompt(prompt), prompt).toBe(true);
    for (const line of ['', 'hello', '50%', 'total 0', 'root@host:/#', 'a$b']) expect(looksLikePrompt(line), line).toBe(false);
  });

  it('is quiet at the first prompt and while keys are typed without Enter', () => {
    expect(run([{ out: 'root@pod:/# ' }, { in: 'sleep 6' }, { out: 'sleep 6' }]).running).toBe(false);
  });

  it('runs from Enter until the prompt is back', () => {
    const started = run([{ out: 'root@pod:/# ' }, { in: 'sleep 60' }, { in: '\r' }, { out: '\r\n' }]);
    expect(started.running).toBe(true);
    expect(afterOutput(started, 'still going\r\n').running).toBe(true);
    expect(afterOutput(started, 'done\r\nroot@pod:/# ').running).toBe(false);
  });

  it('finds a prompt split across chunks and behind colours', () => {
    const started = run([{ in: 'ls\r' }, { out: 'a b c\r\n\x1b[01;32mroot@pod\x1b[00m:\x1b[01;34m/' }]);
    expect(started.running).toBe(true);
    expect(afterOutput(started, '\x1b[00m# ').running).toBe(false);
  });

  it('takes a pasted line with its newline as a command', () => {
    expect(run([{ out: '/ # ' }, { in: 'tail -f /var/log/app.log\n' }]).running).toBe(true);
  });

  it('keeps running when the output ends in a line that is not a prompt (top, a progress bar)', () => {
    expect(run([{ in: 'curl -O big\r' }, { out: '\r 50%' }, { out: '\r 75%' }]).running).toBe(true);
  });

  it('keeps only the end of a long line', () => {
    const long = afterOutput(QUIET_SHELL, 'x'.repeat(10_000));
    expect(long.tail.length).toBeLessThanOrEqual(256);
  });
});
