// Host names as Istio compares them: short service names resolved against a namespace into
// `<svc>.<ns>.svc.cluster.local`, wildcard patterns (`*`, `*.localhost`), and the ranking Envoy
// uses to pick one virtual host (exact beats the longest wildcard suffix, `*` comes last).
// Pure string functions; no knowledge of which objects exist.

export const clusterDomain = 'svc.cluster.local';

/**
 * A host written in an Istio object (VirtualService hosts and destinations, DestinationRule host),
 * resolved like istiod's ResolveShortnameToFQDN: only dot-less names get `<ns>.svc.cluster.local`.
 */
export function configHost(host: string, namespace: string): string {
  const name = host.toLowerCase();
  return name === '*' || name.includes('.') ? name : `${name}.${namespace}.${clusterDomain}`;
}

/** The service a client means by an authority's host (`reviews`, `reviews.default`, `…svc`, FQDN), from `namespace`. */
export function fqdn(host: string, namespace: string): string {
  const name = host.toLowerCase();
  if (name.includes('*')) return name;
  const dots = name.split('.').length - 1;
  if (dots === 0) return `${name}.${namespace}.${clusterDomain}`;
  if (dots === 1) return `${name}.${clusterDomain}`;
  if (name.endsWith('.svc')) return `${name}.cluster.local`;
  return name;
}

/** Drops a `:port` suffix (and IPv6 brackets stay intact) from an authority. */
export function stripPort(authority: string): string {
  const lower = authority.toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  const colon = lower.lastIndexOf(':');
  return colon >= 0 ? lower.slice(0, colon) : lower;
}

export function portOf(authority: string): number | undefined {
  const match = /:(\d+)$/.exec(authority);
  return match ? Number(match[1]) : undefined;
}

/** Does `host` fall under `pattern` (`*`, `*.suffix`, or exact; case-insensitive)? */
export function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === '*') return true;
  if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  if (p.startsWith('*')) return h.endsWith(p.slice(1));
  return p === h;
}

/** Do two patterns share at least one host (used for VirtualService hosts vs Gateway server hosts)? */
export function hostsIntersect(a: string, b: string): boolean {
  return hostMatches(a, b) || hostMatches(b, a);
}

/** Higher is more specific: exact names beat wildcards, longer wildcard suffixes beat shorter. */
export function specificity(pattern: string): number {
  if (pattern === '*') return 0;
  if (pattern.startsWith('*')) return pattern.length;
  return 1_000_000 + pattern.length;
}
