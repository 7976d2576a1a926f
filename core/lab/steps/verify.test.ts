import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../contract';
import { resolveLabConfig } from '../lab-config';
import { LabRun } from '../lab-run';
import type { StepContext } from '../plan-runner';
import { verifyStep } from './verify';

// The verify step against a real HTTP server on 127.0.0.1 standing in for the ingress gateway:
// it routes by Host header as the gateway does.

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A gateway that answers each host with `answer(host, attempt)`; resolves with its port. */
async function gateway(answer: (host: string, attempt: number) => { status: number; body: string }): Promise<number> {
  const attempts = new Map<string, number>();
  server = createServer((request, response) => {
    const host = request.headers.host ?? '';
    const attempt = (attempts.get(host) ?? 0) + 1;
    attempts.set(host, attempt);
    const { status, body } = answer(`${host}${request.url}`, attempt);
    response.writeHead(status, { 'content-type': 'text/html' }).end(body);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function verifyOn(port: number, stallMs: number) {
  const config = resolveLabConfig({ name: 'demo', httpPort: port, httpsPort: port + 1 }, { dataDir: '/unused', userKubeconfig: '/unused', stallMs });
  const logs: string[] = [];
  const progress: string[] = [];
  const context: StepContext = { signal: new AbortController().signal, log: (line) => logs.push(line), progress: (detail) => progress.push(detail) };
  return { step: verifyStep(new LabRun(config)), context, logs, progress };
}

describe('verify step', () => {
  it('asks Bookinfo and each dashboard on its own host, waiting out a gateway still loading its routes', async () => {
    const port = await gateway((url, attempt) => {
      if (url.startsWith('bookinfo.localhost')) return attempt < 3 ? { status: 503, body: 'no healthy upstream' } : { status: 200, body: '<title>Simple Bookstore App</title>' };
      return { status: 200, body: 'dashboard' };
    });
    const { step, context, logs, progress } = verifyOn(port, 30_000);
    await step.run(context);
    expect(logs).toEqual([
      `Bookinfo: HTTP 200 from http://bookinfo.localhost:${port}/productpage`,
      `grafana: HTTP 200 from http://grafana.localhost:${port}/`,
      `kiali: HTTP 200 from http://kiali.localhost:${port}/kiali/`,
      `tracing: HTTP 200 from http://tracing.localhost:${port}/jaeger/`,
      `prometheus: HTTP 200 from http://prometheus.localhost:${port}/`,
    ]);
    expect(progress.at(-1)).toBe('Bookinfo and all four dashboards answer');
  });

  it('fails as STALLED, naming the host and port, when an answer is not the page for the stall period', async () => {
    const port = await gateway(() => ({ status: 200, body: 'some other app' }));
    const { step, context } = verifyOn(port, 150);
    const failure = await step.run(context).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({
      code: 'STALLED',
      message: `Bookinfo answers HTTP 200 but not with its page through the gateway on 127.0.0.1:${port}. Check \`meshdeck status\` and the istio-ingressgateway pod's logs.`,
      details: { host: 'bookinfo.localhost', port },
    });
  });

  it('always runs: there is nothing to observe before asking', async () => {
    const { step } = verifyOn(1, 0);
    expect(await step.observe(new AbortController().signal)).toEqual({ state: 'todo' });
    expect(step.needs).toEqual(['bookinfo', 'addons', 'gateways']);
  });
});
