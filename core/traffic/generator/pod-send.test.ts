import { describe, expect, it } from 'vitest';
import type { ExecOutput } from '../../kube';
import { SendFailure } from './http-send';
import { createPodSender, curlCommand, parseCurlOutput, type PodExec } from './pod-send';
import { startTrafficGenerator } from './generator';

const url = new URL('http://productpage:9080/productpage');

/** An exec that answers each curl command with the given output, remembering the commands. */
function fakeExec(answer: (command: string[]) => ExecOutput): { exec: PodExec; commands: string[][] } {
  const commands: string[][] = [];
  return {
    commands,
    exec: async (command) => {
      commands.push(command);
      return answer(command);
    },
  };
}

function send(exec: PodExec) {
  return createPodSender(exec)({ url, headers: { cookie: 'session=abc' }, signal: new AbortController().signal, timeoutMs: 2500 });
}

describe('the generator from inside a pod (curl through exec)', () => {
  it('runs curl as the tasks do, with the headers and a time limit, and prints the code after the body', () => {
    expect(curlCommand(url.toString(), { cookie: 'session=abc' }, 2500)).toEqual(['curl', '-sS', '--max-time', '2.5', '-w', '\\n@@meshdeck %{http_code} %{time_total}\\n', '-H', 'cookie: session=abc', 'http://productpage:9080/productpage']);
  });

  it('reads the status, the body and curl’s own time', () => {
    expect(parseCurlOutput('<html>page</html>\n@@meshdeck 200 0.012500\n')).toEqual({ status: 200, body: '<html>page</html>', timeMs: 12.5 });
    expect(parseCurlOutput('RBAC: access denied\n@@meshdeck 403 0.001\n')).toMatchObject({ status: 403, body: 'RBAC: access denied' });
    expect(parseCurlOutput('cut off')).toBeNull();
  });

  it('answers 2xx and 4xx/5xx as statuses, with curl’s time as the latency', async () => {
    const { exec, commands } = fakeExec(() => ({ code: 0, stdout: 'fault filter abort\n@@meshdeck 500 0.004\n', stderr: '' }));
    await expect(send(exec)).resolves.toEqual({ status: 500, body: 'fault filter abort', latencyMs: 4 });
    expect(commands).toHaveLength(1);
  });

  it('counts a failed transfer by curl’s exit code: a STRICT server resets a plaintext client (56)', async () => {
    const { exec } = fakeExec(() => ({ code: 56, stdout: '\n@@meshdeck 000 0.002\n', stderr: 'curl: (56) Recv failure: Connection reset by peer\n' }));
    const failure = await send(exec).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SendFailure);
    expect(failure).toMatchObject({ code: 'curl-56', message: 'curl: (56) Recv failure: Connection reset by peer' });
  });

  it('says when curl could not run at all (no pod, no curl in it)', async () => {
    const gone = await send(async () => Promise.reject(new Error('pods "curl-x" not found'))).catch((error: unknown) => error);
    expect(gone).toMatchObject({ code: 'exec', message: 'could not run curl in the pod: pods "curl-x" not found' });
    const missing = await send(async () => ({ code: null, message: 'executable file not found in $PATH', stdout: '', stderr: '' })).catch((error: unknown) => error);
    expect(missing).toMatchObject({ code: 'exec' });
  });

  it('feeds the same run model as the gateway: codes counted per class, latency per answer', async () => {
    let n = 0;
    const { exec } = fakeExec(() => {
      n += 1;
      if (n % 4 === 0) return { code: 56, stdout: '', stderr: 'curl: (56) Recv failure: Connection reset by peer\n' };
      if (n % 4 === 1) return { code: 0, stdout: 'RBAC: access denied\n@@meshdeck 403 0.001\n', stderr: '' };
      return { code: 0, stdout: '<h4>Book Reviews</h4>\n@@meshdeck 200 0.010\n', stderr: '' };
    });
    const generator = startTrafficGenerator({ url: url.toString(), rps: 200, durationSeconds: 1, send: createPodSender(exec), onWindow: () => undefined });
    const totals = await generator.done;
    expect(totals.requests).toBe(200);
    expect(totals.errorCodes).toEqual({ '403': 50, 'curl-56': 50 });
    expect(totals.byVersion['v1']).toBe(100);
    expect(totals.latencyMs.p50).toBeCloseTo(10, 0);
  });
});
