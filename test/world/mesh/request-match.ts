// One VirtualService `http[].match` against one request, as Envoy evaluates the route Istio
// generates: conditions inside a match entry are ANDed, entries are ORed, no entry matches all.
// Owns StringMatch semantics (exact/prefix/regex, RE2-style full-match regexes); it does not
// pick rules, destinations or hosts.
import type { HttpMatchRequest, StringMatch } from './mesh-config.js';

export interface MeshRequest {
  method: string;
  /** Path with query string, as on the request line. */
  path: string;
  authority: string;
  scheme: 'http' | 'https';
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body?: Buffer;
}

/** Where the request is being routed: at a gateway (`ns/name`) or by a sidecar (`mesh`). */
export interface MatchContext {
  gateway: string;
  /** Namespace of the VirtualService whose rules are evaluated (gateway names resolve there). */
  virtualServiceNamespace: string;
  port?: number;
  sourceLabels?: Record<string, string>;
  sourceNamespace?: string;
}

const regexCache = new Map<string, RegExp | null>();

function fullMatch(pattern: string, flags: string): RegExp | null {
  const key = `${flags}/${pattern}`;
  if (!regexCache.has(key)) {
    let compiled: RegExp | null;
    try {
      compiled = new RegExp(`^(?:${pattern})$`, flags);
    } catch {
      // Istio's validation would have rejected it; Envoy never matches an invalid route.
      compiled = null;
    }
    regexCache.set(key, compiled);
  }
  return regexCache.get(key) ?? null;
}

export function stringMatches(match: StringMatch, value: string | undefined, ignoreCase = false): boolean {
  if (value === undefined) return false;
  const v = ignoreCase ? value.toLowerCase() : value;
  if (match.exact !== undefined) return v === (ignoreCase ? match.exact.toLowerCase() : match.exact);
  if (match.prefix !== undefined) return v.startsWith(ignoreCase ? match.prefix.toLowerCase() : match.prefix);
  if (match.regex !== undefined) return fullMatch(match.regex, ignoreCase ? 'i' : '')?.test(value) ?? false;
  // An empty StringMatch on a header means "present" (Istio's documented behaviour).
  return true;
}

function splitPath(path: string): { pathOnly: string; query: URLSearchParams } {
  const q = path.indexOf('?');
  return q < 0 ? { pathOnly: path, query: new URLSearchParams() } : { pathOnly: path.slice(0, q), query: new URLSearchParams(path.slice(q + 1)) };
}

function gatewayMatches(names: string[], ctx: MatchContext): boolean {
  return names.some((name) => (name === 'mesh' ? ctx.gateway === 'mesh' : (name.includes('/') ? name : `${ctx.virtualServiceNamespace}/${name}`) === ctx.gateway));
}

function uriMatches(match: StringMatch, path: string, ignoreCase: boolean): boolean {
  const { pathOnly } = splitPath(path);
  // Envoy compares `path` (exact) and `safe_regex` without the query string, `prefix` on the whole :path.
  if (match.prefix !== undefined) return stringMatches(match, path, ignoreCase);
  return stringMatches(match, pathOnly, ignoreCase);
}

export function matchRequestMatches(match: HttpMatchRequest, req: MeshRequest, ctx: MatchContext): boolean {
  if (match.gateways && match.gateways.length > 0 && !gatewayMatches(match.gateways, ctx)) return false;
  if (match.port !== undefined && ctx.port !== undefined && match.port !== ctx.port) return false;
  if (match.sourceNamespace !== undefined && match.sourceNamespace !== ctx.sourceNamespace) return false;
  if (match.sourceLabels) {
    const labels = ctx.sourceLabels ?? {};
    if (!Object.entries(match.sourceLabels).every(([k, v]) => labels[k] === v)) return false;
  }
  if (match.uri && !uriMatches(match.uri, req.path, match.ignoreUriCase === true)) return false;
  if (match.scheme && !stringMatches(match.scheme, req.scheme)) return false;
  if (match.method && !stringMatches(match.method, req.method.toUpperCase())) return false;
  if (match.authority && !stringMatches(match.authority, req.authority)) return false;
  for (const [name, condition] of Object.entries(match.headers ?? {})) {
    if (!stringMatches(condition, req.headers[name.toLowerCase()])) return false;
  }
  for (const [name, condition] of Object.entries(match.withoutHeaders ?? {})) {
    if (stringMatches(condition, req.headers[name.toLowerCase()])) return false;
  }
  if (match.queryParams) {
    const { query } = splitPath(req.path);
    for (const [name, condition] of Object.entries(match.queryParams)) {
      const value = query.get(name);
      if (value === null || !stringMatches(condition, value)) return false;
    }
  }
  return true;
}

/** A rule with no `match` matches everything; otherwise any one entry must match. */
export function ruleMatches(matches: HttpMatchRequest[] | undefined, req: MeshRequest, ctx: MatchContext): HttpMatchRequest | 'all' | undefined {
  if (!matches || matches.length === 0) return 'all';
  return matches.find((m) => matchRequestMatches(m, req, ctx));
}
