// What `istioctl install` was asked for: IstioOperator overlays (-f, in order) and --set paths
// merged onto a profile (default, demo, minimal, empty), reduced to the parts the stand-in
// renders — which components are on, gateway k8s settings (Service type, ports with nodePort,
// replicas, resources), hub/tag, meshConfig. Pure.
import { parseAllDocuments } from 'yaml';

type Obj = Record<string, unknown>;

export interface GatewaySpec {
  name: string;
  enabled: boolean;
  kind: 'ingress' | 'egress';
  /** k8s.service overrides from the overlay (type, ports, anything else the chart copies). */
  service: Obj;
  replicas?: number;
  resources?: Obj;
  label?: Record<string, string>;
}

export interface InstallSpec {
  profile: string;
  hub: string;
  tag: string;
  pilot: { enabled: boolean; resources?: Obj };
  gateways: GatewaySpec[];
  meshConfig: Obj;
}

export class InstallSpecError extends Error {}

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep merge where lists are replaced, as Helm values and IstioOperator overlays behave. */
export function mergeDeep(base: Obj, overlay: Obj): Obj {
  const out: Obj = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    out[key] = isObj(value) && isObj(out[key]) ? mergeDeep(out[key], value) : value;
  }
  return out;
}

function parseScalar(text: string): unknown {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

/** Applies `a.b[0].c=value` to an IstioOperator spec; `profile=x` and friends are spec keys. */
export function applySet(spec: Obj, assignment: string): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new InstallSpecError(`--set must be of the form path=value, got "${assignment}"`);
  const path = assignment.slice(0, eq).replace(/^spec\./, '');
  const segments = path.split('.').flatMap((part) => {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) throw new InstallSpecError(`invalid --set path "${path}"`);
    return [m[1]!, ...[...m[2]!.matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1]))];
  });
  let node: Obj | unknown[] = spec;
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    const next = segments[i + 1];
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[segment] = parseScalar(assignment.slice(eq + 1));
      return;
    }
    if (typeof container[segment] !== 'object' || container[segment] === null) container[segment] = typeof next === 'number' ? [] : {};
    node = container[segment] as Obj | unknown[];
  });
}

export function overlaySpecs(text: string, file: string): Obj[] {
  const docs = parseAllDocuments(text).map((d) => d.toJS() as unknown).filter(isObj);
  return docs.map((doc) => {
    if (doc.kind !== 'IstioOperator') throw new InstallSpecError(`could not parse ${file}: the file is not an IstioOperator (kind ${String(doc.kind)})`);
    return isObj(doc.spec) ? doc.spec : {};
  });
}

const profiles: Record<string, { ingress: boolean; egress: boolean; pilot: boolean }> = {
  default: { ingress: true, egress: false, pilot: true },
  demo: { ingress: true, egress: true, pilot: true },
  minimal: { ingress: false, egress: false, pilot: true },
  empty: { ingress: false, egress: false, pilot: false },
};

function defaultHub(version: string): string {
  // 1.30.x ships from Istio's own registry; 1.31 went back to Docker Hub (FACTS).
  return version.startsWith('1.30.') ? 'registry.istio.io/release' : 'docker.io/istio';
}

function gateways(list: unknown, kind: 'ingress' | 'egress', onByProfile: boolean, legacyValues: Obj): GatewaySpec[] {
  const defaultName = `istio-${kind}gateway`;
  const entries = Array.isArray(list) && list.length > 0 ? (list.filter(isObj) as Obj[]) : [{ name: defaultName }];
  return entries.map((entry) => {
    const name = typeof entry.name === 'string' ? entry.name : defaultName;
    const k8s = isObj(entry.k8s) ? entry.k8s : {};
    const legacy = isObj(legacyValues[name]) ? (legacyValues[name] as Obj) : {};
    const service: Obj = { ...(typeof legacy.type === 'string' ? { type: legacy.type } : {}), ...(isObj(k8s.service) ? k8s.service : {}) };
    return {
      name,
      kind,
      enabled: typeof entry.enabled === 'boolean' ? entry.enabled : name === defaultName ? onByProfile : true,
      service,
      ...(typeof k8s.replicaCount === 'number' ? { replicas: k8s.replicaCount } : {}),
      ...(isObj(k8s.resources) ? { resources: k8s.resources } : {}),
      ...(isObj(entry.label) ? { label: entry.label as Record<string, string> } : {}),
    };
  });
}

export function resolveInstallSpec(overlays: Obj[], sets: string[], version: string): InstallSpec {
  let spec: Obj = {};
  for (const overlay of overlays) spec = mergeDeep(spec, overlay);
  for (const set of sets) applySet(spec, set);
  const values = isObj(spec.values) ? spec.values : {};
  const profile = String(spec.profile ?? (isObj(values) ? values.profile : undefined) ?? 'default');
  const defaults = profiles[profile];
  if (!defaults) throw new InstallSpecError(`could not read profile "${profile}": the profile does not exist (known profiles: ${Object.keys(profiles).join(', ')})`);
  const components = isObj(spec.components) ? spec.components : {};
  const pilot = isObj(components.pilot) ? components.pilot : {};
  const global = isObj(values.global) ? values.global : {};
  const legacyGateways = isObj(values.gateways) ? values.gateways : {};
  return {
    profile,
    hub: String(spec.hub ?? global.hub ?? defaultHub(version)),
    tag: String(spec.tag ?? global.tag ?? version),
    pilot: { enabled: typeof pilot.enabled === 'boolean' ? pilot.enabled : defaults.pilot, ...(isObj(pilot.k8s) && isObj(pilot.k8s.resources) ? { resources: pilot.k8s.resources } : {}) },
    gateways: [...gateways(components.ingressGateways, 'ingress', defaults.ingress, legacyGateways), ...gateways(components.egressGateways, 'egress', defaults.egress, legacyGateways)],
    meshConfig: mergeDeep(profile === 'demo' ? { accessLogFile: '/dev/stdout', enableTracing: true, defaultConfig: { tracing: { sampling: 100 } } } : {}, isObj(spec.meshConfig) ? spec.meshConfig : {}),
  };
}
