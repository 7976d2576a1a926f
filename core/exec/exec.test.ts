import { describe, expect, it } from 'vitest';
import { exec, widenPath } from './exec';

describe('exec', () => {
  it('passes arguments without a shell and streams lines', async () => {
    const lines: string[] = [];
    const result = await exec(process.execPath, ['-e', 'console.log(process.argv[1]); console.error("warn")', '$(rm -rf /) ; | *'], { onLine: (line) => lines.push(line) });
    expect(result.stdout).toBe('$(rm -rf /) ; | *\n');
    expect(lines).toEqual(expect.arrayContaining(['$(rm -rf /) ; | *', 'warn']));
  });

  it('fails with COMMAND_FAILED carrying the command, exit code and stderr tail', async () => {
    const failing = exec(process.execPath, ['-e', 'for (let i = 0; i < 30; i++) console.error("err " + i); process.exit(3)']);
    await expect(failing).rejects.toMatchObject({ code: 'COMMAND_FAILED', details: { exitCode: 3 } });
    const error = (await failing.catch((e: unknown) => e)) as { message: string; details: { stderr: string } };
    expect(error.message).toContain('err 29');
    expect(error.details.stderr.split('\n')).toHaveLength(20);
  });

  it('says clearly when the program does not exist', async () => {
    await expect(exec('meshdeck-no-such-program', [])).rejects.toMatchObject({ code: 'COMMAND_FAILED', message: expect.stringContaining('was not found') });
  });

  it('kills the child on cancel and reports CANCELLED', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const running = exec(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('widens PATH only on macOS', () => {
    expect(widenPath({ PATH: '/usr/bin' }, 'linux').PATH).toBe('/usr/bin');
    expect(widenPath({ PATH: '/usr/bin' }, 'darwin').PATH).toContain('/opt/homebrew/bin');
  });
});
