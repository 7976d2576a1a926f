// The checks istiod's validating webhook makes on the Istio objects MeshDeck writes, mirrored
// from Istio 1.30's pkg/config/validation (validation.go, virtualservice.go, agent/validation.go);
// each function names the Go function it follows. Only the parts MeshDeck's objects can meet:
// VirtualService http routes (destinations, weights, fault, retries, timeout, mirror percentage),
// DestinationRule host and subsets, Gateway servers. Not mirrored: header, CORS, TLS options,
// traffic-policy details, match-overlap warnings, delegate rules, the security kinds.
import { isObject } from '../json.js';
import { appendErrors, fail, multiAppend, type IstioError } from './istio-errors.js';

type Obj = Record<string, unknown>;

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const wildcardLabel = /^(\*|\*?[a-z0-9]([-a-z0-9]*[a-z0-9])?)$/;

function obj(value: unknown): Obj {
  return isObject(value) ? value : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

function isDns1123Label(value: string): boolean {
  return value.length <= 63 && dns1123Label.test(value);
}

/** agent.ValidateDNS1123Labels */
function validateDns1123Labels(domain: string): IstioError {
  const parts = domain.split('.');
  const top = parts[parts.length - 1] ?? '';
  if (top !== '' && /^[-+]?\d+$/.test(top)) return fail(`domain name "${domain}" invalid (top level domain "${top}" cannot be all-numeric)`);
  for (const [i, label] of parts.entries()) {
    if (i === parts.length - 1 && label === '') return undefined;
    if (!isDns1123Label(label)) return fail(`domain name "${domain}" invalid (label "${label}" invalid)`);
  }
  return undefined;
}

/** agent.ValidateWildcardDomain */
export function validateWildcardDomain(domain: string): IstioError {
  if (domain.length > 255) return fail(`domain name "${domain}" too long (max 255)`);
  if (domain.length === 0) return fail('empty domain name not allowed');
  const dot = domain.indexOf('.');
  const first = dot < 0 ? domain : domain.slice(0, dot);
  if (first.length > 63 || !wildcardLabel.test(first)) return fail(`domain name "${domain}" invalid (label "${first}" invalid)`);
  return dot < 0 ? undefined : validateDns1123Labels(domain.slice(dot + 1));
}

/** Go's time.ParseDuration for the units CRs use, in milliseconds; undefined when unparsable. */
function durationMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value) return undefined;
  return parts.reduce((sum, p) => sum + Number(p[1]) * (units[p[2] ?? 's'] ?? 0), 0);
}

/** agent.ValidateDuration (a proto Duration: at least 1ms, whole milliseconds). */
function validateDuration(value: unknown): IstioError {
  const ms = durationMs(value);
  if (ms === undefined) return undefined;
  if (ms < 1) return fail('duration must be greater than 1ms');
  if (Math.abs(ms - Math.round(ms)) > 1e-9) return fail('only durations to ms precision are supported');
  return undefined;
}

/** validatePercentage */
function validatePercentage(percentage: unknown): IstioError {
  if (!isObject(percentage)) return undefined;
  const value = num(percentage['value']);
  if (value < 0 || value > 100 || (value > 0 && value < 0.0001)) return fail(`percentage ${value} is neither 0.0, nor in range [0.0001, 100.0]`);
  return undefined;
}

/** agent.ValidatePort */
function validatePort(port: number): IstioError {
  return port >= 1 && port <= 65535 ? undefined : fail(`port number ${port} must be in the range 1..65535`);
}

/** validateSubsetName */
function validateSubsetName(name: string): IstioError {
  if (name.length === 0) return fail('subset name cannot be empty');
  return isDns1123Label(name) ? undefined : fail(`subset name is invalid: ${name}`);
}

/** validateDestination */
function validateDestination(destination: unknown): IstioError {
  if (!isObject(destination)) return undefined;
  const host = String(destination['host'] ?? '');
  let errs: IstioError = host === '*' ? fail(`invalid destination host ${host}`) : validateWildcardDomain(host);
  if (typeof destination['subset'] === 'string' && destination['subset'] !== '') errs = appendErrors(errs, validateSubsetName(destination['subset']));
  if (isObject(destination['port'])) errs = appendErrors(errs, validatePort(num(destination['port']['number'])));
  return errs;
}

/** validateHTTPRouteDestinations */
function validateHttpRouteDestinations(routes: unknown[]): IstioError {
  let errs: IstioError;
  let total = 0;
  for (const route of routes) {
    if (!isObject(route)) {
      errs = multiAppend(errs, fail('weight may not be nil'));
      continue;
    }
    if (!isObject(route['destination'])) errs = multiAppend(errs, fail('destination is required'));
    errs = appendErrors(errs, validateDestination(route['destination']));
    const weight = num(route['weight']);
    if (weight < 0) errs = appendErrors(errs, fail(`weight ${weight} < 0`));
    total += weight;
  }
  if (routes.length > 1 && total === 0) errs = appendErrors(errs, fail('total destination weight = 0'));
  return errs;
}

/** validateHTTPFaultInjection with its Abort and Delay halves */
function validateFault(fault: unknown): IstioError {
  if (!isObject(fault)) return undefined;
  let errs: IstioError;
  if (!isObject(fault['abort']) && !isObject(fault['delay'])) errs = multiAppend(errs, fail('HTTP fault injection must have an abort and/or a delay'));
  if (isObject(fault['abort'])) {
    const abort = fault['abort'];
    errs = appendErrors(errs, validatePercentage(abort['percentage']));
    if (abort['httpStatus'] !== undefined) {
      const status = num(abort['httpStatus']);
      if (status < 200 || status > 600) errs = appendErrors(errs, fail(`HTTP status ${status} is not in range 200-599`));
    }
  }
  if (isObject(fault['delay'])) {
    const delay = fault['delay'];
    errs = appendErrors(errs, validatePercentage(delay['percentage']), validateDuration(delay['fixedDelay']));
  }
  return errs;
}

/** validateHTTPRetry (the retryOn policy list is not mirrored) */
function validateRetries(retries: unknown): IstioError {
  if (!isObject(retries)) return undefined;
  let errs: IstioError;
  const attempts = num(retries['attempts']);
  if (attempts < 0) errs = multiAppend(errs, fail('attempts cannot be negative'));
  if (attempts === 0 && (retries['perTryTimeout'] !== undefined || (retries['retryOn'] ?? '') !== '' || retries['retryRemoteLocalities'] !== undefined)) {
    errs = appendErrors(errs, fail('http retry policy configured when attempts are set to 0 (disabled)'));
  }
  return appendErrors(errs, validateDuration(retries['perTryTimeout']), validateDuration(retries['backoff']));
}

/** validateHTTPRoute (virtualservice.go), the parts listed at the top */
function validateHttpRoute(route: Obj): IstioError {
  let errs: IstioError = appendErrors(validateFault(route['fault']));
  const mirror = route['mirrorPercentage'];
  if (isObject(mirror)) {
    const value = num(mirror['value']);
    if (value > 100) errs = appendErrors(errs, fail(`mirror_percentage must have a max value of 100 (it has ${value.toFixed(6)})`));
    if (value < 0) errs = appendErrors(errs, fail(`mirror_percentage must have a min value of 0 (it has ${value.toFixed(6)})`));
  }
  errs = appendErrors(errs, validateDestination(route['mirror']), validateRetries(route['retries']), validateHttpRouteDestinations(list(route['route'])));
  if (route['timeout'] !== undefined) errs = appendErrors(errs, validateDuration(route['timeout']));
  return errs;
}

/** validateGatewayNames (namespace/name form; legacy FQDN names only as ValidateFQDN) */
function validateGatewayNames(names: unknown[]): IstioError {
  let errs: IstioError;
  for (const name of names.map(String)) {
    const slash = name.indexOf('/');
    if (slash < 0) return appendErrors(errs, name === '' ? fail('empty domain name not allowed') : validateDns1123Labels(name));
    const [ns, gw] = [name.slice(0, slash), name.slice(slash + 1)];
    if (ns === '' || gw === '') errs = appendErrors(errs, fail('config namespace and gateway name cannot be empty'));
    if (!isDns1123Label(ns)) errs = appendErrors(errs, fail(`invalid value for namespace: "${ns}"`));
    if (!isDns1123Label(gw)) errs = appendErrors(errs, fail(`invalid value for gateway name: "${gw}"`));
  }
  return errs;
}

/** ValidateVirtualService */
export function validateVirtualService(spec: Obj): IstioError {
  let errs: IstioError;
  const gateways = list(spec['gateways']);
  const appliesToMesh = gateways.length === 0 || gateways.includes('mesh');
  if (gateways.length > 0) errs = appendErrors(errs, validateGatewayNames(gateways.filter((g) => g !== 'mesh')));
  for (const host of list(spec['hosts']).map(String)) {
    const hostError = validateWildcardDomain(host);
    if (hostError) errs = appendErrors(errs, hostError);
    else if (appliesToMesh && host === '*') errs = appendErrors(errs, fail('wildcard host * is not allowed for virtual services bound to the mesh gateway'));
  }
  if (list(spec['http']).length === 0 && list(spec['tcp']).length === 0 && list(spec['tls']).length === 0) {
    errs = appendErrors(errs, fail('http, tcp or tls must be provided in virtual service'));
  }
  for (const route of list(spec['http'])) errs = appendErrors(errs, isObject(route) ? validateHttpRoute(route) : fail('http route may not be null'));
  return errs;
}

/** ValidateDestinationRule (host and subsets; trafficPolicy not mirrored) */
export function validateDestinationRule(spec: Obj): IstioError {
  let errs: IstioError = validateWildcardDomain(String(spec['host'] ?? ''));
  const names = new Set<string>();
  for (const subset of list(spec['subsets'])) {
    if (!isObject(subset)) {
      errs = appendErrors(errs, fail('subset may not be null'));
      continue;
    }
    const name = String(subset['name'] ?? '');
    if (names.has(name)) errs = appendErrors(errs, fail(`duplicate subset names: ${name}`));
    names.add(name);
    errs = appendErrors(errs, validateSubsetName(name));
  }
  return errs;
}

/** ValidateGateway with validateServer and validateServerPort (TLS options not mirrored) */
export function validateGateway(name: string, spec: Obj): IstioError {
  let errs: IstioError = isDns1123Label(name) ? undefined : fail(`invalid gateway name: "${name}"`);
  const servers = list(spec['servers']);
  if (servers.length === 0) errs = appendErrors(errs, fail('gateway must have at least one server'));
  const portNames = new Set<string>();
  for (const server of servers.map(obj)) {
    const hosts = list(server['hosts']);
    if (hosts.length === 0) errs = appendErrors(errs, fail('server config must contain at least one host'));
    const port = server['port'];
    if (!isObject(port)) {
      errs = appendErrors(errs, fail('port is required'));
      continue;
    }
    errs = appendErrors(errs, validatePort(num(port['number'])));
    const portName = String(port['name'] ?? '');
    if (portName === '') errs = appendErrors(errs, fail(`port name must be set: number:${num(port['number'])} protocol:"${String(port['protocol'] ?? '')}"`));
    if (portNames.has(portName)) errs = appendErrors(errs, fail(`port names in servers must be unique: duplicate name ${portName}`));
    portNames.add(portName);
    const protocol = String(port['protocol'] ?? '').toUpperCase();
    if ((protocol === 'HTTPS' || protocol === 'TLS') && !isObject(server['tls'])) errs = appendErrors(errs, fail('server must have TLS settings for HTTPS/TLS protocols'));
  }
  return errs;
}
