// `istioctl analyze`: a few of Istio's analyzers over VirtualServices, DestinationRules,
// Gateways and Namespaces (from the cluster and/or files): subsets no DestinationRule defines
// and missing gateways (IST0101), what istiod's validation rejects (IST0106, one per error, as
// schema.ValidationAnalyzer reports them: e.g. "total destination weight = 0", never a total that
// merely misses 100, which Envoy normalises), namespaces without injection (IST0102, Info). The
// analysis is pure; thresholds and exit codes are in analyze-command.ts.
import { validateVirtualService } from '../validation/istio-checks.js';
import type { IstioError } from '../validation/istio-errors.js';

type Obj = Record<string, unknown>;

function errorsOf(error: IstioError): string[] {
  if (!error) return [];
  return error.kind === 'plain' ? [error.text] : error.items;
}

export interface ConfigObject {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Obj;
}

export interface Finding {
  level: 'Error' | 'Warning' | 'Info';
  code: string;
  resource: string;
  message: string;
}

function fqdn(host: string, namespace: string): string {
  if (host.includes('*')) return host;
  const parts = host.split('.');
  if (parts.length === 1) return `${host}.${namespace}.svc.cluster.local`;
  if (parts.length === 2) return `${host}.svc.cluster.local`;
  return host;
}

function destinationsOf(routes: unknown): Array<{ host: string; subset?: string }> {
  return ((routes as Obj[] | undefined) ?? []).map((r) => {
    const destination = (r.destination as Obj | undefined) ?? {};
    return { host: String(destination.host ?? ''), ...(destination.subset ? { subset: String(destination.subset) } : {}) };
  });
}

export function analyze(objects: ConfigObject[], namespaces: string[] | 'all', injectionChecks: ConfigObject[] = []): Finding[] {
  const inScope = (o: ConfigObject): boolean => namespaces === 'all' || namespaces.includes(o.metadata.namespace ?? 'default');
  const findings: Finding[] = [];
  const rules = objects.filter((o) => o.kind === 'DestinationRule');
  const gateways = objects.filter((o) => o.kind === 'Gateway');
  const subsetKnown = (host: string, subset: string): boolean =>
    rules.some((rule) => {
      const ns = rule.metadata.namespace ?? 'default';
      return fqdn(String(rule.spec?.host ?? ''), ns) === host && ((rule.spec?.subsets as Obj[] | undefined) ?? []).some((s) => s.name === subset);
    });
  for (const vs of objects.filter((o) => o.kind === 'VirtualService' && inScope(o))) {
    const ns = vs.metadata.namespace ?? 'default';
    const resource = `VirtualService ${ns}/${vs.metadata.name}`;
    for (const gateway of (vs.spec?.gateways as string[] | undefined) ?? []) {
      if (gateway === 'mesh') continue;
      const [gwNs, gwName] = gateway.includes('/') ? gateway.split('/') : [ns, gateway];
      if (!gateways.some((g) => g.metadata.name === gwName && (g.metadata.namespace ?? 'default') === gwNs)) {
        findings.push({ level: 'Error', code: 'IST0101', resource, message: `Referenced gateway not found: "${gateway}"` });
      }
    }
    for (const protocol of ['http', 'tcp', 'tls']) {
      for (const rule of (vs.spec?.[protocol] as Obj[] | undefined) ?? []) {
        const destinations = destinationsOf(rule.route);
        for (const d of destinations) {
          if (d.subset && !subsetKnown(fqdn(d.host, ns), d.subset)) {
            findings.push({ level: 'Error', code: 'IST0101', resource, message: `Referenced host+subset in destinationrule not found: "${d.host}+${d.subset}"` });
          }
        }
      }
    }
    for (const error of errorsOf(validateVirtualService(vs.spec ?? {}))) {
      findings.push({ level: 'Error', code: 'IST0106', resource, message: `Schema validation error: ${error}` });
    }
  }
  for (const namespace of injectionChecks) {
    const labels = namespace.metadata.labels ?? {};
    if (!labels['istio-injection'] && !labels['istio.io/rev']) {
      const name = namespace.metadata.name;
      findings.push({
        level: 'Info', code: 'IST0102', resource: `Namespace ${name}`,
        message: `The namespace is not enabled for Istio injection. Run 'kubectl label namespace ${name} istio-injection=enabled' to enable it, or 'kubectl label namespace ${name} istio-injection=disabled' to explicitly mark it as not needing injection.`,
      });
    }
  }
  return findings;
}

export function formatFinding(f: Finding): string {
  return `${f.level} [${f.code}] (${f.resource}) ${f.message}`;
}
