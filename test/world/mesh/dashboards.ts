// Stand-ins for the telemetry addons behind the monitor host names: Grafana (refuses framing
// unless its pod has GF_SECURITY_ALLOW_EMBEDDING=true, read from the pod like the real server
// reads its environment; /api/search lists the Istio dashboards), Kiali 2.26 under /kiali
// (always X-Frame-Options: DENY) and Jaeger under /jaeger. Small honest pages that say what they
// are; no real telemetry. Prometheus is no stand-in: the world runs the real binary
// (test/world/prometheus/).
import { createHash } from 'node:crypto';
import type { Pod } from './mesh-config.js';
import { html, json, text, type WorkloadHandler, type WorkloadResponse } from './workload.js';

function pathOnly(path: string): string {
  const q = path.indexOf('?');
  return q < 0 ? path : path.slice(0, q);
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}<p><small>MeshDeck test world stand-in, not the real application.</small></p></body></html>\n`;
}

function redirect(location: string, headers: Record<string, string> = {}): WorkloadResponse {
  return { status: 302, headers: { location, 'content-type': 'text/html; charset=utf-8', ...headers }, body: `<a href="${location}">Found</a>.\n` };
}

function env(pod: Pod, name: string): string | undefined {
  for (const c of pod.containers) if (c.env[name] !== undefined) return c.env[name];
  return undefined;
}

// The Istio dashboards samples/addons provisions. Those whose JSON has no uid get one made up by
// Grafana when it starts (its database lives in the pod), so here too it depends on the pod.
const ISTIO_DASHBOARDS: { title: string; uid?: string }[] = [
  { title: 'Istio Control Plane Dashboard', uid: '1813f692a8e4ac77155348d4c7d2fba8' },
  { title: 'Istio Mesh Dashboard', uid: '1a9a8ea49444aae205c7737573e894f9' },
  { title: 'Istio Performance Dashboard' },
  { title: 'Istio Service Dashboard' },
  { title: 'Istio Wasm Extension Dashboard' },
  { title: 'Istio Workload Dashboard' },
  { title: 'Istio Ztunnel Dashboard', uid: '12c58766acc81a1c835dd5059eaf2741' },
];

function searchDashboards(path: string, pod: Pod): unknown[] {
  const q = path.indexOf('?');
  const wanted = (new URLSearchParams(q < 0 ? '' : path.slice(q + 1)).get('query') ?? '').toLowerCase();
  const made = createHash('sha256').update(pod.name).digest('hex');
  return ISTIO_DASHBOARDS.filter((d) => d.title.toLowerCase().includes(wanted)).map((d, index) => {
    const uid = d.uid ?? made.slice(index * 4, index * 4 + 9);
    const slug = d.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    return { id: index + 1, uid, title: d.title, uri: `db/${slug}`, url: `/d/${uid}/${slug}`, slug: '', type: 'dash-db', tags: [], isStarred: false, folderTitle: 'istio' };
  });
}

export function grafanaHandler(): WorkloadHandler {
  return async (req, ctx) => {
    // Grafana sends X-Frame-Options: deny unless embedding is allowed in its settings.
    const framing: Record<string, string> = env(ctx.pod, 'GF_SECURITY_ALLOW_EMBEDDING') === 'true' ? {} : { 'x-frame-options': 'deny' };
    const path = pathOnly(req.path);
    if (path === '/api/health') return json(200, { database: 'ok', version: '12.0.1' }, framing);
    if (path === '/api/search') return json(200, searchDashboards(req.path, ctx.pod), framing);
    if (path === '/' || path.startsWith('/d/') || path === '/dashboards' || path === '/explore') {
      return html(200, page('Grafana', `<p>Grafana 12.0.1 stand-in serving <code>${path}</code> from pod ${ctx.pod.name}. Anonymous access: Admin.</p><ul><li><a href="/dashboards">Dashboards</a></li><li><a href="/d/G8wLrJIZk/istio-mesh-dashboard">Istio Mesh Dashboard</a></li></ul>`), framing);
    }
    return html(404, page('Grafana: page not found', ''), framing);
  };
}

export function kialiHandler(): WorkloadHandler {
  return async (req, ctx) => {
    // Kiali >= 2.26 always sends this; the monitor VirtualService may strip it.
    const framing = { 'x-frame-options': 'DENY' };
    const path = pathOnly(req.path);
    if (path === '/' || path === '/kiali') return redirect('/kiali/', framing);
    if (path === '/kiali/api') return json(200, { status: { 'Kiali state': 'running', 'Kiali version': 'v2.26.0' }, externalServices: [] }, framing);
    if (path === '/kiali/healthz') return text(200, '', framing);
    if (path.startsWith('/kiali/')) {
      return html(200, page('Kiali', `<p>Kiali v2.26 stand-in serving <code>${path}</code> from pod ${ctx.pod.name}.</p><ul><li><a href="/kiali/console/graph/namespaces/">Traffic Graph</a></li><li><a href="/kiali/console/istio">Istio Config</a></li></ul>`), framing);
    }
    return text(404, '404 page not found\n', framing);
  };
}

export function jaegerHandler(): WorkloadHandler {
  return async (req, ctx) => {
    const path = pathOnly(req.path);
    if (path === '/jaeger/api/services') return json(200, { data: ['istio-ingressgateway.istio-system', 'productpage.default'], total: 2, limit: 0, offset: 0, errors: null });
    if (path === '/jaeger' || path.startsWith('/jaeger/')) {
      return html(200, page('Jaeger UI', `<p>Jaeger 2.14.0 stand-in (base path <code>/jaeger</code>) serving <code>${path}</code> from pod ${ctx.pod.name}.</p><a href="/jaeger/search">Search</a>`));
    }
    return text(404, '404 page not found\n');
  };
}
