// One GET for the traffic generator over node:http(s) with a keep-alive agent: reads the whole
// body (the classifier needs it, and a drained socket can be reused), bounded in size, with a
// per-request timeout and cancellation. Failures carry a short code the counters use as-is.

import { Agent as HttpAgent, request as httpRequest, type Agent } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface SendRequest {
  url: URL;
  headers: Record<string, string>;
  signal: AbortSignal;
  timeoutMs: number;
}

export interface SendAnswer {
  status: number;
  body: string;
  /** The transport's own measure of the request (curl's time_total), when it has a better one than the round trip. */
  latencyMs?: number;
}

export type SendFunction = (request: SendRequest) => Promise<SendAnswer>;

/**
 * Why a request got no usable answer: no connection or a broken one, too slow, too big, or
 * cancelled by us; from a pod, curl's exit code (`curl-56`) or an exec that could not run it.
 */
export type SendFailureCode = 'network' | 'timeout' | 'body-too-large' | 'aborted' | 'exec' | `curl-${number}`;

export class SendFailure extends Error {
  constructor(
    readonly code: SendFailureCode,
    message: string,
  ) {
    super(message);
    this.name = 'SendFailure';
  }
}

export interface HttpSender {
  send: SendFunction;
  /** Closes the idle keep-alive sockets of an agent this sender created (never a caller's agent). */
  close(): void;
}

export interface HttpSenderOptions {
  /** A node:http or node:https Agent matching the URLs' protocol; by default one keep-alive agent per protocol. */
  agent?: Agent;
  /** Sockets per origin for the default agents. */
  maxSockets?: number;
  /** Bodies above this are cut off and counted as "body-too-large" (Bookinfo's page is about 10 kB). */
  maxBodyBytes?: number;
}

const defaultMaxBodyBytes = 2 * 1024 * 1024;

export function createHttpSender(options: HttpSenderOptions = {}): HttpSender {
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes;
  const owned: Agent[] = [];
  let httpAgent: Agent | undefined;
  let httpsAgent: Agent | undefined;
  const agentFor = (url: URL): Agent => {
    if (options.agent) return options.agent;
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64 };
    if (url.protocol === 'https:') {
      httpsAgent ??= remember(new HttpsAgent(agentOptions));
      return httpsAgent;
    }
    httpAgent ??= remember(new HttpAgent(agentOptions));
    return httpAgent;
  };
  const remember = (agent: Agent): Agent => {
    owned.push(agent);
    return agent;
  };

  const send: SendFunction = ({ url, headers, signal, timeoutMs }) =>
    new Promise<SendAnswer>((resolve, reject) => {
      if (signal.aborted) {
        reject(new SendFailure('aborted', 'cancelled before it was sent'));
        return;
      }
      let settled = false;
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        outcome();
      };
      const fail = (failure: SendFailure): void => {
        if (settled) return;
        settle(() => reject(failure));
        req.destroy();
      };
      const onAbort = (): void => fail(new SendFailure('aborted', 'cancelled'));

      const requestFn = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = requestFn(url, { method: 'GET', headers, agent: agentFor(url) }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBodyBytes) fail(new SendFailure('body-too-large', `answer larger than ${maxBodyBytes} bytes`));
          else chunks.push(chunk);
        });
        res.on('end', () => settle(() => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })));
        res.on('error', (error) => fail(new SendFailure('network', error.message)));
        // A connection cut mid-body ends in 'close' without 'end'.
        res.on('close', () => fail(new SendFailure('network', 'connection closed before the answer was complete')));
      });
      req.on('error', (error) => fail(new SendFailure('network', error.message)));
      const timer = setTimeout(() => fail(new SendFailure('timeout', `no complete answer within ${timeoutMs} ms`)), timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      req.end();
    });

  return {
    send,
    close: () => {
      for (const agent of owned) agent.destroy();
    },
  };
}
