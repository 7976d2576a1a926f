// curl's command line and --write-out as the world's curl reads them (pure; transfers are
// covered through kubectl in mesh/curl-pod.world.test.ts).
import { describe, expect, it } from 'vitest';
import { containerView } from './container-view.js';
import { formatWriteOut, parseCurlArgs, runCurl } from './curl.js';

describe('curl arguments', () => {
  it("reads the tasks' clustered flags and option values", () => {
    const parsed = parseCurlArgs(['-sSo', '/dev/null', '-w', '%{http_code}', '-H', 'end-user: jason', '--max-time', '2.5', 'productpage:9080/productpage']);
    expect(parsed).toMatchObject({ ok: true, options: { silent: true, showError: true, output: '/dev/null', writeOut: '%{http_code}', headers: ['end-user: jason'], maxTimeMs: 2500, urls: ['productpage:9080/productpage'] } });
    expect(parseCurlArgs(['-m3', '-XPOST', 'x'])).toMatchObject({ ok: true, options: { maxTimeMs: 3000, method: 'POST' } });
  });

  it('refuses what curl refuses, with exit 2', () => {
    expect(parseCurlArgs(['-s'])).toMatchObject({ ok: false, status: 2, message: expect.stringContaining('curl: no URL specified') });
    expect(parseCurlArgs(['-Z', 'x'])).toMatchObject({ ok: false, status: 2, message: expect.stringContaining('curl: option -Z: is unknown') });
    expect(parseCurlArgs(['x', '-o'])).toMatchObject({ ok: false, status: 2, message: expect.stringContaining('curl: option -o: requires parameter') });
    expect(parseCurlArgs(['--max-time', 'soon', 'x'])).toMatchObject({ ok: false, status: 2 });
  });

  it('formats -w variables and escapes; no answer is 000', () => {
    const answered = { result: { kind: 'response' as const, status: 503, headers: {}, body: Buffer.from('x') }, status: 0, timeTotalS: 0.0123, bytes: 1 };
    expect(formatWriteOut('%{http_code} %{time_total}\\n', answered, 'http://a/')).toBe('503 0.012300\n');
    expect(formatWriteOut('%{http_code}', { status: 56, timeTotalS: 0, bytes: 0 }, 'http://a/')).toBe('000');
  });

  it('shows the progress meter on stderr without -s, unless the body goes to a terminal', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'curl', namespace: 'legacy' }, spec: { containers: [{ name: 'curl', image: 'docker.io/curlimages/curl:8.16.0' }] }, status: { podIP: '10.244.0.9' } };
    const view = containerView(pod, 'curl', async () => ({ kind: 'response', status: 200, headers: {}, body: Buffer.alloc(1683) }));
    const run = async (args: string[], tty: boolean) => {
      const err: string[] = [];
      const out: string[] = [];
      await runCurl(args, view, { out: (t) => out.push(t), err: (t) => err.push(t) }, new AbortController().signal, tty);
      return { out: out.join(''), err: err.join('') };
    };
    const piped = await run(['-o', '/dev/null', '-w', '%{http_code}', 'http://productpage:9080/'], false);
    expect(piped.out).toBe('200');
    expect(piped.err).toContain('  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n');
    expect(piped.err).toMatch(/\r100  1683  100  1683    0     0  +\S+      0 --:--:-- --:--:-- --:--:-- +\S+\n$/);
    expect((await run(['http://productpage:9080/'], true)).err).toBe('');
    expect((await run(['-s', 'http://productpage:9080/'], false)).err).toBe('');
  });

  it('reports a reset like curl 56, and a timeout as 28', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'curl', namespace: 'legacy' }, spec: { containers: [{ name: 'curl', image: 'docker.io/curlimages/curl:8.16.0' }] }, status: { podIP: '10.244.0.9' } };
    const reset = containerView(pod, 'curl', async () => ({ kind: 'reset' }));
    expect(reset.commands.has('curl')).toBe(true);
    expect(await runCurl(['-sS', '-w', '%{http_code}', 'http://productpage.default:9080/'], reset, io, new AbortController().signal)).toBe(56);
    expect(err.join('')).toBe('curl: (56) Recv failure: Connection reset by peer\n');
    expect(out.join('')).toBe('000');
    const never = containerView(pod, 'curl', (_req, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))));
    err.length = 0;
    expect(await runCurl(['-S', '-s', '-m', '0.05', 'http://ratings:9080/'], never, io, new AbortController().signal)).toBe(28);
    expect(err.join('')).toMatch(/^curl: \(28\) Operation timed out after \d+ milliseconds with 0 bytes received\n$/);
    // A Service port nobody serves: the SYN goes unanswered until a connect limit.
    const blackhole = containerView(pod, 'curl', async () => ({ kind: 'unanswered' }));
    err.length = 0;
    expect(await runCurl(['-sS', '--connect-timeout', '0.05', 'http://productpage.default/'], blackhole, io, new AbortController().signal)).toBe(28);
    expect(err.join('')).toMatch(/^curl: \(28\) Failed to connect to productpage.default port 80 after \d+ ms: Timeout was reached\n$/);
    err.length = 0;
    expect(await runCurl(['-sS', '-m', '0.05', 'http://productpage.default/'], blackhole, io, new AbortController().signal)).toBe(28);
    expect(err.join('')).toMatch(/^curl: \(28\) Connection timed out after \d+ milliseconds\n$/);
  });
});
