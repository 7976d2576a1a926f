// The `curl` of the curlimages/curl image (8.16.0, as samples/curl/curl.yaml pins), for the
// commands istio.io's tasks type into the curl pod: -s -S -o -w -H -X -d -v -I -i -f -m
// --max-time --connect-timeout. Requests leave through the pod's network (its sidecar or
// kube-proxy, ContainerView.network); exit codes and "curl: (N) …" messages are curl's own
// (libcurl's curl_easy_strerror texts and the tool's messages in src/tool_operate.c).
import { STATUS_CODES } from 'node:http';
import type { OutboundResult } from '../pod-network.js';
import type { ContainerView } from './container-view.js';
import { progressMeter } from './curl-progress.js';
import type { ShellIO } from './shell-commands.js';

export const curlVersion = '8.16.0';

export interface CurlOptions {
  silent: boolean;
  showError: boolean;
  output?: string;
  writeOut?: string;
  headers: string[];
  method?: string;
  data?: string;
  verbose: boolean;
  head: boolean;
  include: boolean;
  fail: boolean;
  maxTimeMs?: number;
  connectTimeoutMs?: number;
  urls: string[];
}

export type ParsedCurl = { ok: true; options: CurlOptions } | { ok: false; message: string; status: number };

const withArgument: Record<string, keyof CurlOptions> = {
  o: 'output', w: 'writeOut', H: 'headers', X: 'method', d: 'data', m: 'maxTimeMs',
  '-output': 'output', '-write-out': 'writeOut', '-header': 'headers', '-request': 'method', '-data': 'data', '-data-raw': 'data',
  '-max-time': 'maxTimeMs', '-connect-timeout': 'connectTimeoutMs',
};
const switches: Record<string, 'silent' | 'showError' | 'verbose' | 'head' | 'include' | 'fail'> = {
  s: 'silent', S: 'showError', v: 'verbose', I: 'head', i: 'include', f: 'fail',
  '-silent': 'silent', '-show-error': 'showError', '-verbose': 'verbose', '-head': 'head', '-include': 'include', '-fail': 'fail',
};
const tryHelp = "curl: try 'curl --help' or 'curl --manual' for more information\n";

function setArgument(options: CurlOptions, key: keyof CurlOptions, flag: string, value: string): string | undefined {
  if (key === 'headers') options.headers.push(value);
  else if (key === 'maxTimeMs' || key === 'connectTimeoutMs') {
    const seconds = Number(value);
    if (!Number.isFinite(seconds) || seconds < 0) return `curl: option ${flag}: expected a proper numerical parameter\n`;
    options[key] = seconds * 1000;
  } else (options as unknown as Record<string, string>)[key] = value;
  return undefined;
}

/** curl's command line: clustered short flags (`-sS`, `-so FILE`), long options, URLs anywhere. */
export function parseCurlArgs(args: string[]): ParsedCurl {
  const options: CurlOptions = { silent: false, showError: false, headers: [], verbose: false, head: false, include: false, fail: false, urls: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('-') || arg === '-') {
      options.urls.push(arg);
      continue;
    }
    const names = arg.startsWith('--') ? [arg.slice(1)] : [...arg.slice(1)];
    for (const [index, name] of names.entries()) {
      const flag = arg.startsWith('--') ? arg : `-${name}`;
      const key = withArgument[name];
      if (key) {
        // A short option taking a value consumes the rest of the cluster, or the next word.
        const rest = arg.startsWith('--') ? '' : arg.slice(index + 2);
        const value = rest !== '' ? rest : args[++i];
        if (value === undefined) return { ok: false, message: `curl: option ${flag}: requires parameter\n${tryHelp}`, status: 2 };
        const problem = setArgument(options, key, flag, value);
        if (problem) return { ok: false, message: `${problem}${tryHelp}`, status: 2 };
        break;
      }
      const toggle = switches[name];
      if (!toggle) return { ok: false, message: `curl: option ${flag}: is unknown\n${tryHelp}`, status: 2 };
      options[toggle] = true;
    }
  }
  if (options.urls.length === 0) return { ok: false, message: `curl: no URL specified\n${tryHelp}`, status: 2 };
  return { ok: true, options };
}

interface Transfer {
  result?: OutboundResult;
  status: number;
  timeTotalS: number;
  bytes: number;
}

/** -w's variables and backslash escapes (the subset the tasks print). */
export function formatWriteOut(format: string, transfer: Transfer, url: string): string {
  const code = transfer.result?.kind === 'response' ? String(transfer.result.status).padStart(3, '0') : '000';
  const vars: Record<string, string> = {
    http_code: code, response_code: code, time_total: transfer.timeTotalS.toFixed(6), size_download: String(transfer.bytes),
    url_effective: url, exitcode: String(transfer.status), url,
  };
  return format
    .replace(/%\{([a-z_]+)\}/g, (whole, name: string) => vars[name] ?? whole)
    .replace(/\\([nrt\\])/g, (_m, c: string) => ({ n: '\n', r: '\r', t: '\t', '\\': '\\' })[c] ?? c);
}

function headerBlock(result: Extract<OutboundResult, { kind: 'response' }>): string {
  const lines = [`HTTP/1.1 ${result.status} ${STATUS_CODES[result.status] ?? ''}`.trimEnd()];
  for (const [name, value] of Object.entries(result.headers)) for (const v of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${v}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function requestHeaders(options: CurlOptions, url: URL): Record<string, string> {
  const headers: Record<string, string> = { host: url.host, 'user-agent': `curl/${curlVersion}`, accept: '*/*' };
  for (const line of options.headers) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    // `-H 'Name:'` removes a header curl would send.
    if (value === '') delete headers[name];
    else headers[name] = value;
  }
  if (options.data !== undefined) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
    headers['content-length'] = String(Buffer.byteLength(options.data));
  }
  return headers;
}

function methodOf(options: CurlOptions): string {
  return options.method ?? (options.head ? 'HEAD' : options.data !== undefined ? 'POST' : 'GET');
}

/** The error curl reports for a failed transfer: exit status and its message. */
function failure(result: OutboundResult | 'timeout', url: URL, elapsedMs: number): { status: number; message: string } {
  if (result === 'timeout') return { status: 28, message: `Operation timed out after ${Math.round(elapsedMs)} milliseconds with 0 bytes received` };
  const port = url.port || '80';
  switch (result.kind) {
    case 'unresolved': return { status: 6, message: `Could not resolve host: ${url.hostname}` };
    case 'refused': return { status: 7, message: `Failed to connect to ${url.hostname} port ${port} after ${Math.round(elapsedMs)} ms: Couldn't connect to server` };
    case 'reset': return { status: 56, message: 'Recv failure: Connection reset by peer' };
    case 'unanswered': return { status: 28, message: `Failed to connect to ${url.hostname} port ${port} after ${Math.round(elapsedMs)} ms: Timeout was reached` };
    case 'response': return { status: 0, message: '' };
  }
}

function withTimeout(send: (signal: AbortSignal) => Promise<OutboundResult>, maxTimeMs: number | undefined, parent: AbortSignal): Promise<OutboundResult | 'timeout'> {
  const controller = new AbortController();
  const onParent = (): void => controller.abort(parent.reason);
  parent.addEventListener('abort', onParent, { once: true });
  return new Promise<OutboundResult | 'timeout'>((resolve, reject) => {
    const timer = maxTimeMs !== undefined && maxTimeMs > 0 ? setTimeout(() => {
      controller.abort(new Error('curl --max-time'));
      resolve('timeout');
    }, maxTimeMs) : undefined;
    send(controller.signal).then(resolve, reject).finally(() => {
      if (timer) clearTimeout(timer);
      parent.removeEventListener('abort', onParent);
    });
  });
}

function verboseRequest(io: ShellIO, url: URL, method: string, headers: Record<string, string>): void {
  io.err(`* Host ${url.hostname}:${url.port || '80'} was resolved.\n* Connected to ${url.hostname} port ${url.port || '80'}\n* using HTTP/1.x\n`);
  const names: Record<string, string> = { host: 'Host', 'user-agent': 'User-Agent', accept: 'Accept', 'content-type': 'Content-Type', 'content-length': 'Content-Length' };
  io.err(`> ${method} ${url.pathname}${url.search} HTTP/1.1\r\n`);
  for (const [name, value] of Object.entries(headers)) io.err(`> ${names[name] ?? name}: ${value}\r\n`);
  io.err('> \r\n');
}

/** curl's default connect timeout (CURL_TIMEOUT_CONNECT, 300 s). */
const defaultConnectTimeoutMs = 300_000;

/** Waits out the connect attempt nobody answers: --connect-timeout, or --max-time if sooner. */
function connectWait(options: CurlOptions, spentMs: number, signal: AbortSignal): Promise<void> {
  const limit = Math.min(options.connectTimeoutMs ?? defaultConnectTimeoutMs, options.maxTimeMs ?? Infinity);
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, Math.max(0, limit - spentMs));
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/** One URL: send, then print the body, headers and -w as curl does; returns curl's exit status. */
async function transfer(raw: string, options: CurlOptions, view: ContainerView, io: ShellIO, signal: AbortSignal, tty: boolean): Promise<number> {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    return report(io, options, 3, 'URL rejected: Malformed input to a URL function');
  }
  if (url.protocol !== 'http:') return report(io, options, 1, `Protocol "${url.protocol.slice(0, -1)}" not supported`);
  const method = methodOf(options);
  const headers = requestHeaders(options, url);
  if (options.verbose) verboseRequest(io, url, method, headers);
  const started = Date.now();
  const network = view.network;
  const body = options.data !== undefined ? Buffer.from(options.data) : undefined;
  const result = network
    ? await withTimeout((s) => network({ method, url: url.href, headers, ...(body ? { body } : {}) }, s), options.maxTimeMs, signal)
    : ({ kind: 'unresolved' } as const);
  if (result !== 'timeout' && result.kind === 'unanswered') await connectWait(options, Date.now() - started, signal);
  const elapsed = Date.now() - started;
  // --max-time running out while still connecting is its own message.
  const connectCutShort = result !== 'timeout' && result.kind === 'unanswered' && options.maxTimeMs !== undefined && options.maxTimeMs < (options.connectTimeoutMs ?? defaultConnectTimeoutMs);
  const failed = connectCutShort ? { status: 28, message: `Connection timed out after ${Math.round(elapsed)} milliseconds` } : failure(result, url, elapsed);
  const answered = result !== 'timeout' && result.kind === 'response' ? result : undefined;
  let status = failed.status;
  let message = failed.message;
  if (answered && options.fail && answered.status >= 400) {
    status = 22;
    message = `The requested URL returned error: ${answered.status}`;
  }
  if (answered) {
    if (options.verbose) io.err(headerBlock(answered).split('\r\n').slice(0, -1).map((l) => `< ${l}\r\n`).join(''));
    const printed = (options.include || options.head ? headerBlock(answered) : '') + (options.head || status === 22 ? '' : answered.body.toString('utf8'));
    if (options.output === undefined) io.out(printed);
    else if (options.output !== '/dev/null') view.files.set(options.output.startsWith('/') ? options.output : `/${options.output}`, printed);
  }
  // The meter would garble a body written to a terminal, so curl shows it only otherwise.
  if (!options.silent && !(options.output === undefined && tty)) io.err(progressMeter(answered && status !== 22 ? answered.body.length : 0, elapsed / 1000));
  // As tool_operate.c's post_per_transfer: the error message first, then --write-out.
  if (status !== 0) report(io, options, status, message);
  const transferred = { ...(answered ? { result: answered } : {}), status, timeTotalS: elapsed / 1000, bytes: answered?.body.length ?? 0 };
  if (options.writeOut !== undefined) io.out(formatWriteOut(options.writeOut, transferred, url.href));
  return status;
}

function report(io: ShellIO, options: CurlOptions, status: number, message: string): number {
  // -s hides error messages unless -S brings them back.
  if (!options.silent || options.showError) io.err(`curl: (${status}) ${message}\n`);
  return status;
}

/** Runs curl with `args`; resolves with its exit status (the last failing transfer's). `tty`: stdout is a terminal (kubectl exec -t). */
export async function runCurl(args: string[], view: ContainerView, io: ShellIO, signal: AbortSignal, tty = false): Promise<number> {
  const parsed = parseCurlArgs(args);
  if (!parsed.ok) {
    io.err(parsed.message);
    return parsed.status;
  }
  let status = 0;
  for (const url of parsed.options.urls) {
    const code = await transfer(url, parsed.options, view, io, signal, tty);
    if (code !== 0) status = code;
  }
  return status;
}
