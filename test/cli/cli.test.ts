// The built `meshdeck` command as a user runs it: exit codes, readable errors, no stack traces.
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, startServe } from '../support/built-cli';

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
    expect(badPort.stderr).toContain('--port must be a number');
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
