// The httpbin stand-in (go-httpbin, the release's samples/httpbin): the endpoints the istio.io
// tasks and the workshop lessons use to make a workload misbehave on purpose. /status/CODES
// answers one code, or one of several chosen at random by weight ("200:3,500:1", go-httpbin's
// weighted choice); /delay/SECONDS answers after that long (at most 10 s, as go-httpbin caps
// it); anything else echoes the request. Randomness comes from the data plane, so seeded
// worlds stay exact.
import type { RandomSource } from './weighted-pick.js';
import { json, text, type WorkloadHandler } from './workload.js';

const statusPath = /^\/status\/([^/?]+)(?:[/?]|$)/;
const delayPath = /^\/delay\/([^/?]+)(?:[/?]|$)/;
const MAX_DELAY_MS = 10_000;

interface WeightedCode {
  code: number;
  weight: number;
}

/** "500", "200,500" or "200:3,500:1"; undefined when any part is not a status code with a positive weight. */
export function parseStatusCodes(spec: string): WeightedCode[] | undefined {
  const parts = decodeURIComponent(spec).split(',');
  const codes = parts.map((part) => {
    const [code, weight] = part.split(':');
    const value = Number(code);
    const w = weight === undefined ? 1 : Number(weight);
    return Number.isInteger(value) && value >= 100 && value <= 599 && w > 0 ? { code: value, weight: w } : undefined;
  });
  return codes.every((c) => c !== undefined) ? codes : undefined;
}

/** One code answers without a roll, so plain /status/500 leaves a seeded world's sequence alone. */
export function pickStatus(codes: readonly WeightedCode[], random: RandomSource): number {
  if (codes.length === 1) return codes[0]!.code;
  const total = codes.reduce((sum, c) => sum + c.weight, 0);
  let roll = random() * total;
  for (const c of codes) {
    roll -= c.weight;
    if (roll < 0) return c.code;
  }
  return codes[codes.length - 1]!.code;
}

/** "1", "0.5" (seconds) or a Go duration such as "500ms"; undefined when unreadable. */
export function delayMs(spec: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(spec);
  if (!match) return undefined;
  const ms = match[2] === 'ms' ? Number(match[1]) : Number(match[1]) * 1000;
  return Math.min(ms, MAX_DELAY_MS);
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

export function httpbinHandler(random: RandomSource, echo: WorkloadHandler): WorkloadHandler {
  return async (req, ctx) => {
    const status = statusPath.exec(req.path)?.[1];
    if (status !== undefined) {
      const codes = parseStatusCodes(status);
      if (!codes) return text(400, 'invalid status code');
      return { status: pickStatus(codes, random), headers: { 'content-type': 'text/plain; charset=utf-8' }, body: '' };
    }
    const delay = delayPath.exec(req.path)?.[1];
    if (delay !== undefined) {
      const ms = delayMs(delay);
      if (ms === undefined) return json(400, { error: `invalid duration: ${delay}` });
      await wait(ms, ctx.signal);
    }
    return echo(req, ctx);
  };
}
