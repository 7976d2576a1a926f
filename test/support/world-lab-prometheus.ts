// What a test needs to read the world's real Prometheus the way MeshDeck does: PromQL through
// the API server's service proxy (`services/prometheus:9090/proxy/api/v1/...`) with the lab's own
// kube client, and a wait until Prometheus has scraped every kubernetes-pods target since a given
// moment (its /api/v1/targets lastScrape), so counters include all traffic sent before it.
import type { WorldLab } from './world-lab';

export const PROMETHEUS_PROXY = '/api/v1/namespaces/istio-system/services/prometheus:9090/proxy';

export interface PromSample {
  metric: Record<string, string>;
  value: number;
}

interface Target {
  scrapePool: string;
  scrapeUrl: string;
  health: string;
  lastScrape: string;
  labels: Record<string, string>;
}

export async function promQuery(lab: WorldLab, query: string): Promise<PromSample[]> {
  const answer = await lab.clients.http.request<{ status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } }>('GET', `${PROMETHEUS_PROXY}/api/v1/query?query=${encodeURIComponent(query)}`);
  if (answer.body.status !== 'success') throw new Error(`Prometheus answered ${JSON.stringify(answer.body)}`);
  return answer.body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
}

export async function activeTargets(lab: WorldLab): Promise<Target[]> {
  const answer = await lab.clients.http.request<{ data: { activeTargets: Target[] } }>('GET', `${PROMETHEUS_PROXY}/api/v1/targets?state=active`);
  return answer.body.data.activeTargets;
}

/**
 * Resolves once `predicate` holds for the active targets. Prometheus has no watch API, so this
 * asks its targets endpoint again after each scrape interval (1 s in the world) until `signal` ends.
 */
export async function untilTargets(lab: WorldLab, predicate: (targets: Target[]) => boolean, signal: AbortSignal): Promise<Target[]> {
  let last: Target[] = [];
  while (!signal.aborted) {
    last = await activeTargets(lab).catch(() => []);
    if (predicate(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Prometheus targets never reached the expected state: ${JSON.stringify(last.map((t) => [t.scrapePool, t.scrapeUrl, t.health]))}`);
}

/** Every up kubernetes-pods target was scraped after `since` (so its counters include what happened before). */
export function scrapedSince(since: Date, pods: number): (targets: Target[]) => boolean {
  return (targets) => {
    const scraped = targets.filter((t) => t.scrapePool === 'kubernetes-pods' && t.health === 'up');
    return scraped.length >= pods && scraped.every((t) => new Date(t.lastScrape).getTime() > since.getTime());
  };
}
