// The traffic generator's sender from inside a pod: each request is `curl` run in the curl
// client's container through the API server's exec, as istio.io's tasks do it by hand
// (`kubectl exec deploy/curl -- curl -s … http://productpage:9080/productpage`). curl prints the
// body, then a last line with `%{http_code} %{time_total}`; a failed transfer is counted by
// curl's exit code ("curl-56": connection reset, what a plaintext client gets from a STRICT
// server; "curl-28": --max-time; "curl-7": refused; "curl-6": no such host). Only the command and
// its parsing live here; the exec itself is a parameter.

import type { ExecOutput } from '../../kube';
import { SendFailure, type SendAnswer, type SendFunction } from './http-send';

/** Runs `command` in the client pod to its end. */
export type PodExec = (command: string[], signal: AbortSignal) => Promise<ExecOutput>;

// A marker line curl's -w prints after the body, so a body without a final newline stays apart.
const MARK = '@@meshdeck';

/** The curl command for one request (headers as `-H 'Name: value'`, a whole-request time limit). */
export function curlCommand(url: string, headers: Record<string, string>, timeoutMs: number): string[] {
  const command = ['curl', '-sS', '--max-time', String(Math.max(0.001, timeoutMs / 1000)), '-w', `\\n${MARK} %{http_code} %{time_total}\\n`];
  for (const [name, value] of Object.entries(headers)) command.push('-H', `${name}: ${value}`);
  command.push(url);
  return command;
}

export interface CurlResult {
  status: number;
  body: string;
  /** curl's own time for the request, in ms (null when it printed none). */
  timeMs: number | null;
}

/** curl's output: the body, then the marker line. Null when the marker is missing (it did not run to the end). */
export function parseCurlOutput(stdout: string): CurlResult | null {
  const at = stdout.lastIndexOf(`\n${MARK} `);
  if (at < 0) return null;
  const [code = '', time = ''] = stdout.slice(at + MARK.length + 2).trim().split(/\s+/);
  const status = Number.parseInt(code, 10);
  const seconds = Number(time);
  if (!Number.isInteger(status)) return null;
  return { status, body: stdout.slice(0, at), timeMs: Number.isFinite(seconds) ? seconds * 1000 : null };
}

/** curl's "curl: (56) Recv failure: …" line, for the run's error text. */
function curlMessage(stderr: string): string {
  return stderr.trim().split('\n').filter((line) => line.startsWith('curl:')).at(-1) ?? stderr.trim().slice(0, 200);
}

export function createPodSender(exec: PodExec): SendFunction {
  return async ({ url, headers, signal, timeoutMs }): Promise<SendAnswer> => {
    let output: ExecOutput;
    try {
      output = await exec(curlCommand(url.toString(), headers, timeoutMs), signal);
    } catch (error) {
      if (signal.aborted) throw new SendFailure('aborted', 'cancelled');
      throw new SendFailure('exec', `could not run curl in the pod: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (output.code === null) throw new SendFailure('exec', `curl did not run in the pod: ${output.message ?? 'no reason given'}`);
    if (output.code !== 0) throw new SendFailure(`curl-${output.code}`, curlMessage(output.stderr) || `curl exited ${output.code}`);
    const result = parseCurlOutput(output.stdout);
    if (!result) throw new SendFailure('exec', 'curl printed no status line');
    // curl's own time, without the exec's round trip through the API server.
    return { status: result.status, body: result.body, ...(result.timeMs !== null ? { latencyMs: result.timeMs } : {}) };
  };
}
