// The scrape configuration a world Prometheus runs: the upstream ConfigMap's prometheus.yml
// with only what a process on the host needs changed, each for a stated reason. Pure: text in,
// text out, so it is unit-tested without a Prometheus.
//  1. Paths inside the container (the ConfigMap volume, the service-account volume) are
//     prefixed with the folder that holds those files on the host (there is no mount namespace).
//  2. kubernetes_sd_configs become file_sd_configs (one JSON file per entry, refreshed on every
//     change): Debian's prometheus 2.42 is built without Kubernetes SD ("field
//     kubernetes_sd_configs not found in type config.ScrapeConfig"), so the world's
//     kubernetes-sd.ts list/watches the API server with the pod's service-account token and writes
//     the same `__meta_kubernetes_*` target groups. Relabel configs stay exactly as upstream.
//  3. Every scrape job gets `proxy_url`, the pod's network namespace in the world's pod network:
//     pod IPs (10.244.x.y) are not routable on the host, and `localhost` must be the pod itself.
//  4. The global scrape interval (upstream 15s) is shortened so tests see samples quickly; jobs
//     with their own interval (the `*-slow` jobs, 5m) keep it.
import { parse, stringify } from 'yaml';
import type { Role } from './kubernetes-sd-targets.js';
import type { SdFile } from './kubernetes-sd.js';

export interface PrometheusRewrite {
  /** Host folder standing for the container's root: `/etc/config/x` becomes `<root>/etc/config/x`. */
  root: string;
  /** Container paths that are mounted volumes (only those are prefixed). */
  mountPaths: string[];
  /** Host folder for the file_sd files that replace kubernetes_sd_configs. */
  sdDir: string;
  proxyUrl: string;
  scrapeInterval: string;
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function seconds(duration: string): number {
  let total = 0;
  for (const [, n, unit] of duration.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/g)) {
    const factor = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 }[unit ?? 's'] ?? 1;
    total += Number(n) * factor;
  }
  return total;
}

function hostPath(path: string, rewrite: PrometheusRewrite): string {
  const mounted = rewrite.mountPaths.some((m) => path === m || path.startsWith(`${m.replace(/\/$/, '')}/`));
  return mounted ? `${rewrite.root}${path}` : path;
}

/** Rewrites every file reference (`*_file`, `files`, `rule_files`) below `node`. */
function rewritePaths(node: unknown, rewrite: PrometheusRewrite): unknown {
  if (Array.isArray(node)) return node.map((item) => rewritePaths(item, rewrite));
  if (!isObj(node)) return node;
  const out: Obj = {};
  for (const [key, value] of Object.entries(node)) {
    const isFileKey = key.endsWith('_file') || key === 'files' || key === 'rule_files';
    if (isFileKey && typeof value === 'string') out[key] = hostPath(value, rewrite);
    else if (isFileKey && Array.isArray(value)) out[key] = value.map((v) => (typeof v === 'string' ? hostPath(v, rewrite) : v));
    else out[key] = rewritePaths(value, rewrite);
  }
  return out;
}

const roles: readonly string[] = ['pod', 'endpoints', 'service', 'node'];

export function rewritePrometheusConfig(text: string, rewrite: PrometheusRewrite): { text: string; sdFiles: SdFile[] } {
  const sdFiles: SdFile[] = [];
  const parsed: unknown = parse(text);
  const config = rewritePaths(isObj(parsed) ? parsed : {}, rewrite) as Obj;
  const global = isObj(config['global']) ? { ...config['global'] } : {};
  const interval = seconds(rewrite.scrapeInterval);
  global['scrape_interval'] = rewrite.scrapeInterval;
  // Prometheus refuses a timeout longer than the interval.
  if (typeof global['scrape_timeout'] !== 'string' || seconds(global['scrape_timeout']) > interval) global['scrape_timeout'] = rewrite.scrapeInterval;
  config['global'] = global;
  const jobs = Array.isArray(config['scrape_configs']) ? config['scrape_configs'] : [];
  config['scrape_configs'] = jobs.filter(isObj).map((job) => {
    const next: Obj = { ...job, proxy_url: rewrite.proxyUrl };
    if (Array.isArray(job['kubernetes_sd_configs'])) {
      delete next['kubernetes_sd_configs'];
      const files = job['kubernetes_sd_configs'].filter(isObj).map((sd, i) => {
        const role = String(sd['role'] ?? '');
        if (!roles.includes(role)) throw new Error(`kubernetes_sd_configs role "${role}" of job "${String(job['job_name'])}" has no world counterpart (pod, endpoints, service, node)`);
        const names = isObj(sd['namespaces']) && Array.isArray(sd['namespaces']['names']) ? sd['namespaces']['names'].map(String) : undefined;
        const path = `${rewrite.sdDir}/${String(job['job_name']).replace(/[^a-zA-Z0-9_-]/g, '_')}-${i}.json`;
        sdFiles.push({ path, role: role as Role, ...(names ? { namespaces: names } : {}) });
        return path;
      });
      next['file_sd_configs'] = [...(Array.isArray(job['file_sd_configs']) ? job['file_sd_configs'] : []), { files, refresh_interval: rewrite.scrapeInterval }];
    }
    // A job's own timeout must still fit a (possibly shortened) interval.
    const own = typeof job['scrape_interval'] === 'string' ? seconds(job['scrape_interval']) : interval;
    if (typeof job['scrape_timeout'] === 'string' && seconds(job['scrape_timeout']) > own) next['scrape_timeout'] = typeof job['scrape_interval'] === 'string' ? job['scrape_interval'] : rewrite.scrapeInterval;
    return next;
  });
  return { text: stringify(config), sdFiles };
}
