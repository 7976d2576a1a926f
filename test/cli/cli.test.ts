// The built `meshdeck` command as a user runs it: exit codes, readable errors, no stack traces,
// a reader that goes away (EPIPE), signals, the app log. The table of every command's failure
// modes runs in-process (core/cli/cli-table.test.ts); these rows are what only the binary shows.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cliPath, runCli, startServe } from '../support/built-cli';

const noDocker = { DOCKER_HOST: 'unix:///nonexistent/meshdeck/docker.sock' };
const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$/m;

beforeAll(() => assertBuilt());

describe('meshdeck doctor', () => {
  it('without a Docker engine: a clear DOCKER_NOT_RUNNING finding, exit code 1, no stack trace', () => {
    const result = runCli(['doctor'], noDocker);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('✖ Docker engine');
    expect(result.stdout).toContain('Start Docker');
    expect(result.stdout).toContain('Not ready');
    expect(result.stdout + result.stderr).not.toMatch(STACK_LINE);
  });

  it('--json prints the report with the error code', () => {
    const result = runCli(['doctor', '--json'], noDocker);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as { overall: string; findings: { id: string; code?: string }[] };
    expect(report.overall).toBe('fail');
    expect(report.findings.find((f) => f.id === 'docker-engine')?.code).toBe('DOCKER_NOT_RUNNING');
  });
});

describe('meshdeck usage errors', () => {
  it('explains unknown commands and bad options with exit code 2', () => {
    const unknown = runCli(['deploy']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "deploy"');
    const badOption = runCli(['doctor', '--jsn']);
    expect(badOption.status).toBe(2);
    expect(badOption.stderr).toContain('meshdeck doctor --help');
    const badPort = runCli(['serve', '--port', 'eighty']);
    expect(badPort.status).toBe(2);
    expect(badPort.stderr).toContain('--port must be a whole number from 0 to 65535');
    for (const result of [unknown, badOption, badPort]) expect(result.stderr).not.toMatch(STACK_LINE);
  });

  it('prints help and version', () => {
    expect(runCli(['--help']).stdout).toContain('serve [--port N] [--open]');
    expect(runCli(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('meshdeck serve', () => {
  it('serves on 127.0.0.1 with a token and refuses requests without it', async () => {
    const serve = await startServe(noDocker);
    try {
      const url = new URL(serve.url);
      expect(url.hostname).toBe('127.0.0.1');
      expect(url.searchParams.get('token')).toMatch(/^[\w-]{40,}$/);
      expect((await fetch(serve.url)).status).toBe(200);
      expect((await fetch(`${url.origin}/`)).status).toBe(401);
    } finally {
      await serve.stop();
    }
  });

  it('refuses a port that is taken, with PORT_IN_USE advice', async () => {
    const serve = await startServe(noDocker);
    try {
      const result = runCli(['serve', '--port', new URL(serve.url).port]);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('already in use');
    } finally {
      await serve.stop();
    }
  });
});

const home = mkdtempSync(join(tmpdir(), 'meshdeck-cli-home-'));
const isolated = { ...noDocker, MESHDECK_HOME: home };

afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Runs the CLI with its stdout's reader already gone, as `meshdeck … | head -1` ends up. */
function withClosedStdout(args: string[]): Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, ...isolated }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (status, signal) => resolve({ status, signal, stderr }));
  });
}

describe('meshdeck under pipes, signals and --json', () => {
  it.each([[['status', '--json']], [['doctor']], [['labs', 'use', 'x', '--json']], [['--help']]])('%j into a closed pipe ends quietly', async (args) => {
    const result = await withClosedStdout(args);
    expect(result.signal).toBeNull();
    expect([0, 1]).toContain(result.status);
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.stderr).not.toMatch(/EPIPE|unexpected/);
  });

  it('bad flags under --json: JSON on stdout, exit 2, nothing on stderr', () => {
    for (const args of [['up', '--json', '--bogus'], ['up', '--http-port', '-1', '--json'], ['status', '--name', '', '--json']]) {
      const result = runCli(args, isolated);
      expect(result.status).toBe(2);
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
    }
    const plain = runCli(['up', '--http-port', '-1'], isolated);
    expect(plain.stderr).toBe('meshdeck: --http-port must be a whole number from 1 to 65535 in decimal digits, got "-1".\n');
  });

  it('keeps an app log in the data folder, owner-only, with each command and its exit code', () => {
    runCli(['up', '--http-port', '1e3'], isolated);
    const log = join(home, 'logs', 'cli.log');
    expect(statSync(log).mode & 0o777).toBe(0o600);
    expect(readFileSync(log, 'utf8')).toMatch(/start: meshdeck up --http-port 1e3\n.*end: exit 2/);
  });

  it('serve: the banner says what the token is; Ctrl+C ends it with 130', async () => {
    const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0'], { env: { ...process.env, ...isolated }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => ((stdout += chunk.toString()), /Ctrl\+C/.test(stdout) && resolve())));
    expect(stdout).toContain('The link carries an access token valid until this `meshdeck serve` stops; keep it to yourself.');
    expect(stdout).not.toContain('one-time');
    child.kill('SIGINT');
    const status = await new Promise((resolve) => child.once('close', resolve));
    expect(status).toBe(130);
  });

  it('serve without --port comes back on the port it had, so a tab left open finds it (and hears it was restarted)', async () => {
    const serveOnce = async (): Promise<string> => {
      const child = spawn(process.execPath, [cliPath, 'serve'], { env: { ...process.env, ...isolated }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => ((stdout += chunk.toString()), /Ctrl\+C/.test(stdout) && resolve())));
      child.kill('SIGINT');
      await new Promise((resolve) => child.once('close', resolve));
      return new URL(/http:\/\/\S+/.exec(stdout)![0]).port;
    };
    const first = await serveOnce();
    expect(JSON.parse(readFileSync(join(home, 'serve.json'), 'utf8'))).toEqual({ port: Number(first) });
    expect(await serveOnce()).toBe(first);
  });
});
