// The words of the policy commands, checked before anything is read or written: Istio durations
// (7s, 0.5s, 100ms, 1m), percentages, HTTP statuses, Envoy's retry conditions and the --match
// syntax. Each refusal is INVALID_ARGUMENT saying what to type instead. Pure.
//
// --match syntax (one request condition; parts joined by "," must all hold):
//   header:NAME=VALUE    header exact        header:NAME^=PREFIX  header prefix
//   header:NAME~=REGEX   header regex (RE2)  uri:/path            URI exact
//   uri:/prefix*         URI prefix          uri~=REGEX           URI regex
//   method:GET           method exact

import { AppError } from '../contract';
import type { MatchCondition, StringMatch } from './policy-types';

export const MATCH_SYNTAX = 'header:NAME=VALUE, header:NAME^=PREFIX, header:NAME~=REGEX, uri:/path, uri:/prefix*, uri~=REGEX or method:GET';

// Go's time.ParseDuration units, which the CRD's CEL duration() accepts.
const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const HEADER_NAME = /^[A-Za-z0-9][-A-Za-z0-9_.]{0,99}$/;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

/**
 * Envoy's x-envoy-retry-on and x-envoy-retry-grpc-on conditions (Envoy router filter docs), the
 * ones Istio's retryOn accepts besides a bare HTTP status (pilot's validateHTTPRetry).
 */
export const RETRY_ON = [
  '5xx',
  'gateway-error',
  'reset',
  'reset-before-request',
  'connect-failure',
  'envoy-ratelimited',
  'retriable-4xx',
  'refused-stream',
  'retriable-status-codes',
  'retriable-headers',
  'http3-post-connect-failure',
  'cancelled',
  'deadline-exceeded',
  'internal',
  'resource-exhausted',
  'unavailable',
] as const;

function invalid(message: string, argument: string): AppError {
  return new AppError('INVALID_ARGUMENT', message, { argument });
}

/** Milliseconds of an Istio duration, or undefined when it is not one. */
export function durationMs(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, amount, , unit] of text.matchAll(/(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(amount) * (UNIT_MS[unit as string] as number);
  return total;
}

/** `7s`, `0.5s`, `100ms`, `1m`, `1m30s`: at least 1ms, as the CRD's validation rule asks. */
export function parseDuration(text: string, flag: string): string {
  const trimmed = text.trim();
  const ms = durationMs(trimmed);
  if (ms === undefined) {
    const guess = /^(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)?$/i.exec(trimmed);
    const unit = guess?.[2]?.toLowerCase() ?? 's';
    const short = unit.startsWith('ms') || unit.startsWith('milli') ? 'ms' : unit.startsWith('h') ? 'h' : unit.startsWith('m') ? 'm' : 's';
    const hint = guess ? ` (for "${text}" type ${guess[1]}${short})` : '';
    throw invalid(`${flag} takes an Istio duration such as 7s, 0.5s, 100ms or 1m${hint}; got "${text}".`, text);
  }
  if (ms < 1) throw invalid(`${flag} must be at least 1ms (Istio refuses shorter durations); got "${text}".`, text);
  return trimmed;
}

/** 0..100, decimals allowed (Istio's Percent); a trailing % is fine. */
export function parsePercent(text: string, flag = '--percent'): number {
  const trimmed = text.trim().replace(/%$/, '');
  const value = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isFinite(value) || value < 0 || value > 100) throw invalid(`${flag} takes a percentage from 0 to 100, such as 100 or 12.5; got "${text}".`, text);
  return value;
}

/** An HTTP status Envoy can answer with (pilot validates 200–599). */
export function parseHttpStatus(text: string): number {
  const value = /^\d{3}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(value >= 200 && value <= 599)) throw invalid(`--abort takes an HTTP status from 200 to 599, such as 500 or 503; got "${text}".`, text);
  return value;
}

/** A whole number in [min, max]. */
export function parseCount(text: string, flag: string, min: number, max = 2 ** 31 - 1): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) throw invalid(`${flag} takes a whole number from ${min}${max < 2 ** 31 - 1 ? ` to ${max}` : ''}; got "${text}".`, text);
  return value;
}

/** `5xx,reset` → the same list, every token one Envoy knows (or an HTTP status, which Istio adds to retriable-status-codes). */
export function parseRetryOn(text: string): string {
  const tokens = text.split(',').map((t) => t.trim());
  const unknown = tokens.filter((t) => !(RETRY_ON as readonly string[]).includes(t) && !/^[1-5]\d\d$/.test(t));
  if (tokens.length === 0 || unknown.length > 0) {
    throw invalid(`--on takes Envoy retry conditions separated by commas, such as 5xx,reset; ${unknown.map((t) => `"${t}"`).join(', ') || 'none'} ${unknown.length === 1 ? 'is' : 'are'} not one. Known: ${RETRY_ON.join(', ')} (or an HTTP status such as 503).`, text);
  }
  return tokens.join(',');
}

function stringMatch(value: string, how: 'exact' | 'prefix' | 'regex', part: string): StringMatch {
  if (value === '' || /[\r\n]/.test(value)) throw invalid(`--match "${part}" needs a value on one line; write ${MATCH_SYNTAX}.`, part);
  if (how === 'regex') {
    try {
      new RegExp(value);
    } catch {
      throw invalid(`--match "${part}": "${value}" is not a regular expression.`, part);
    }
  }
  return how === 'exact' ? { exact: value } : how === 'prefix' ? { prefix: value } : { regex: value };
}

function matchPart(part: string, condition: MatchCondition): void {
  const header = /^header:([^=^~]+)(\^=|~=|=)(.*)$/.exec(part);
  if (header) {
    const name = (header[1] as string).trim();
    if (!HEADER_NAME.test(name)) throw invalid(`--match "${part}": "${name}" is not a header name (letters, digits and -, such as end-user).`, part);
    const how = header[2] === '^=' ? 'prefix' : header[2] === '~=' ? 'regex' : 'exact';
    condition.headers = { ...condition.headers, [name.toLowerCase()]: stringMatch(header[3] as string, how, part) };
    return;
  }
  const uri = /^uri(~=|:)(.*)$/.exec(part);
  if (uri) {
    const value = uri[2] as string;
    if (uri[1] === '~=') condition.uri = stringMatch(value, 'regex', part);
    else if (!value.startsWith('/')) throw invalid(`--match "${part}": a URI starts with /, such as uri:/productpage or uri:/api/*.`, part);
    else condition.uri = value.endsWith('*') ? stringMatch(value.slice(0, -1), 'prefix', part) : stringMatch(value, 'exact', part);
    return;
  }
  const method = /^method:(.*)$/.exec(part);
  if (method) {
    const name = (method[1] as string).trim().toUpperCase();
    if (!METHODS.includes(name)) throw invalid(`--match "${part}": "${method[1]}" is not an HTTP method; use one of ${METHODS.join(', ')}.`, part);
    condition.method = { exact: name };
    return;
  }
  throw invalid(`--match "${part}" is not a condition MeshDeck knows: write ${MATCH_SYNTAX} (e.g. --match header:end-user=jason).`, part);
}

/** A condition that every request meets: a rule with it would hide every rule after it. */
export function matchesEverything(condition: MatchCondition): boolean {
  const keys = Object.keys(condition);
  if (keys.length === 0) return true;
  const uri = condition.uri;
  return keys.length === 1 && uri !== undefined && (('prefix' in uri && (uri.prefix === '/' || uri.prefix === '')) || ('regex' in uri && ['.*', '^.*$', '/.*', '^/.*$'].includes(uri.regex)));
}

/** The refusal of a match that takes every request. */
export function shadowing(match: readonly MatchCondition[], service?: string): AppError {
  const what = service ? `the default route of ${service}` : 'the default route';
  return invalid(`--match ${formatMatch(match)} matches every request, so it would shadow every rule after it (${what} would never be used). Leave out --match to change the default route, or match something narrower such as header:end-user=jason or uri:/api/*.`, formatMatch(match));
}

/** `header:end-user=jason` → `[{headers: {"end-user": {exact: "jason"}}}]` (one condition, its parts ANDed). */
export function parseMatch(text: string): MatchCondition[] {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) throw invalid(`--match needs a condition: ${MATCH_SYNTAX}.`, text);
  const condition: MatchCondition = {};
  for (const part of parts) matchPart(part, condition);
  if (matchesEverything(condition)) throw shadowing([condition]);
  return [condition];
}

/** The match said back in the --match syntax (for listings and messages). */
export function formatMatch(match: readonly MatchCondition[] | undefined): string {
  if (!match || match.length === 0) return 'every request';
  return match
    .map((condition) => {
      const parts: string[] = [];
      for (const [name, m] of Object.entries(condition.headers ?? {})) parts.push(`header:${name}${stringMatchText(m, '=', '^=', '~=')}`);
      if (condition.uri) parts.push('exact' in condition.uri ? `uri:${condition.uri.exact}` : 'prefix' in condition.uri ? `uri:${condition.uri.prefix}*` : `uri~=${condition.uri.regex}`);
      if (condition.method) parts.push(`method${stringMatchText(condition.method, ':', ':^', '~=')}`);
      const others = Object.keys(condition).filter((k) => !['headers', 'uri', 'method'].includes(k));
      return [...parts, ...others.map((k) => `${k}:…`)].join(',') || 'every request';
    })
    .join(' or ');
}

function stringMatchText(m: StringMatch, exact: string, prefix: string, regex: string): string {
  if ('exact' in m) return `${exact}${m.exact}`;
  if ('prefix' in m) return `${prefix}${m.prefix}`;
  return `${regex}${m.regex}`;
}
