// The API server's proxy subresources, `services/{[scheme:]name[:port]}/proxy/{path}` and
// `pods/{[scheme:]name[:port]}/proxy/{path}`, forwarding over the world's pod network, as
// kube-apiserver does: service ResourceLocation (pkg/registry/core/service/storage: a port number
// is looked up among the Service's ports and replaced by its name, then a ready endpoint address
// with that port name is chosen), the empty-path 301 and the Location rewriting of
// apimachinery's UpgradeAwareHandler and proxy Transport (util/proxy/upgradeaware.go,
// transport.go: same-host absolute paths get the proxy prefix), X-Forwarded-* headers, CORS
// headers stripped. HTML bodies are passed through unrewritten (transport.go would rewrite links).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConnectionRefusedError, type PodNetwork } from './pod-network.js';
import { ApiError, notFound } from './status.js';
import type { Store } from './store.js';

export interface ProxyTarget {
  kind: 'services' | 'pods';
  namespace: string;
  /** `name`, `name:port` or `scheme:name:port`. */
  id: string;
  /** Everything after `/proxy`, still percent-encoded ('' for none). */
  rest: string;
  /** The request path up to and including `/proxy`. */
  prefix: string;
}

interface Located {
  scheme: string;
  ip: string;
  port: number;
}

function serviceUnavailable(message: string): ApiError {
  return new ApiError(503, 'ServiceUnavailable', message);
}

/** utilnet.SplitSchemeNamePort: "name", "name:port" or "scheme:name:port" (scheme http or https). */
export function splitSchemeNamePort(id: string): { scheme: string; name: string; port: string } | undefined {
  const parts = id.split(':');
  if (parts.length === 1) return { scheme: '', name: parts[0] ?? '', port: '' };
  if (parts.length === 2) return { scheme: '', name: parts[0] ?? '', port: parts[1] ?? '' };
  if (parts.length === 3 && (parts[0] === 'http' || parts[0] === 'https' || parts[0] === '')) return { scheme: parts[0] ?? '', name: parts[1] ?? '', port: parts[2] ?? '' };
  return undefined;
}

type Subset = { addresses?: { ip: string }[]; ports?: { name?: string; port: number }[] };

function locateService(store: Store, namespace: string, id: string): Located {
  const split = splitSchemeNamePort(id);
  if (!split || split.name === '') throw new ApiError(400, 'BadRequest', `invalid service request "${id}"`);
  let portName = split.port;
  const service = store.get('/services', namespace, split.name);
  if (!service) throw notFound('', 'services', split.name);
  if (/^\d+$/.test(portName)) {
    const ports = ((service['spec'] as { ports?: { name?: string; port: number }[] } | undefined)?.ports ?? []);
    const found = ports.find((p) => p.port === Number(portName));
    if (!found) throw serviceUnavailable(`no service port ${portName} found for service "${split.name}"`);
    portName = found.name ?? '';
  }
  const endpoints = store.get('/endpoints', namespace, split.name);
  const subsets = ((endpoints?.['subsets'] as Subset[] | undefined) ?? []).filter((s) => (s.addresses ?? []).length > 0);
  if (subsets.length === 0) throw serviceUnavailable(`no endpoints available for service "${split.name}"`);
  for (const subset of subsets) {
    const port = (subset.ports ?? []).find((p) => (p.name ?? '') === portName);
    const addresses = subset.addresses ?? [];
    const address = addresses[Math.floor(Math.random() * addresses.length)];
    if (port && address) return { scheme: split.scheme || 'http', ip: address.ip, port: port.port };
  }
  throw serviceUnavailable(`no endpoints available for service "${id}"`);
}

function locatePod(store: Store, namespace: string, id: string): Located {
  const split = splitSchemeNamePort(id);
  if (!split || split.name === '') throw new ApiError(400, 'BadRequest', `invalid pod request "${id}"`);
  const pod = store.get('/pods', namespace, split.name);
  if (!pod) throw notFound('', 'pods', split.name);
  const ip = (pod['status'] as { podIP?: string } | undefined)?.podIP;
  if (!ip) throw new ApiError(400, 'BadRequest', `address not allocated yet for pod "${split.name}"`);
  const containers = ((pod['spec'] as { containers?: { ports?: { containerPort: number }[] }[] } | undefined)?.containers ?? []);
  const port = split.port !== '' ? Number(split.port) : (containers.flatMap((c) => c.ports ?? [])[0]?.containerPort ?? 80);
  return { scheme: split.scheme || 'http', ip, port };
}

/** transport.go rewriteURL: an absolute path on the backend's own host gets the proxy prefix. */
export function rewriteLocation(location: string, prefix: string, backendHost: string): string {
  let url: URL;
  try {
    url = new URL(location, 'http://relative.invalid');
  } catch {
    return location;
  }
  const absolute = !location.startsWith('http://relative.invalid') && /^[a-z][a-z0-9+.-]*:/i.test(location);
  if (absolute && url.host !== backendHost) return location;
  if (!location.startsWith('/') && !absolute) return location;
  if (url.pathname.startsWith(prefix)) return `${url.pathname}${url.search}${url.hash}`;
  return `${prefix}${url.pathname}${url.search}${url.hash}`;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const dropRequest = new Set(['authorization', 'host', 'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'content-length']);
const dropResponse = new Set(['access-control-allow-credentials', 'access-control-allow-headers', 'access-control-allow-methods', 'access-control-allow-origin', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);
const proxyMethods = new Set(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH']);

export async function serveProxy(req: IncomingMessage, res: ServerResponse, target: ProxyTarget, store: Store, network: PodNetwork): Promise<void> {
  const method = req.method ?? 'GET';
  if (!proxyMethods.has(method)) throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const query = (req.url ?? '').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?')) : '';
  // proxyRedirectsforRootPath: an empty path redirects to the same URL with a trailing slash.
  if (target.rest === '' && (method === 'GET' || method === 'HEAD')) {
    res.writeHead(301, { location: `${target.prefix}/${query}`, 'content-length': 0 });
    return void res.end();
  }
  const located = target.kind === 'services' ? locateService(store, target.namespace, target.id) : locatePod(store, target.namespace, target.id);
  if (located.scheme === 'https') throw serviceUnavailable(`error trying to reach service: the test world's pod network carries plain HTTP only (https to ${located.ip}:${located.port})`);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !dropRequest.has(k)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const backendHost = `${located.ip}:${located.port}`;
  headers['host'] = backendHost;
  const client = req.socket.remoteAddress ?? '127.0.0.1';
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${client}` : client;
  headers['x-forwarded-host'] = req.headers.host ?? '';
  headers['x-forwarded-proto'] = 'https';
  headers['x-forwarded-uri'] = req.url ?? '';
  const body = await readBody(req);
  const controller = new AbortController();
  res.on('close', () => controller.abort(new Error('client went away')));
  let answer;
  try {
    answer = await network.request(located.ip, located.port, { method, path: `${target.rest}${query}`, headers, ...(body.length > 0 ? { body } : {}) }, controller.signal);
  } catch (error) {
    const message = error instanceof ConnectionRefusedError ? error.message : error instanceof Error ? error.message : String(error);
    throw serviceUnavailable(`error trying to reach service: ${message}`);
  }
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(answer.headers)) if (!dropResponse.has(k.toLowerCase())) out[k] = v;
  const location = answer.headers['location'];
  if (typeof location === 'string') out['location'] = rewriteLocation(location, target.prefix, backendHost);
  out['content-length'] = String(answer.body.length);
  res.writeHead(answer.status, out);
  res.end(method === 'HEAD' ? undefined : answer.body);
}
