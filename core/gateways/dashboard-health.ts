// Why a dashboard pane can or cannot show its page: the lab, the addon's pods (with the cluster's
// own reason when they are not ready), the monitor gateway's route for its host, and what the
// gateway answers (status, whether framing is allowed). Also where Grafana put the Istio
// dashboards. Reads only; the judgement is a pure function so each case is tested on its own.
// Prometheus answers / with a redirect to its query page whatever its state; whether it can
// answer queries yet is its /-/ready (503 while its storage starts), so that is asked too.

import {
  DASHBOARD_NAMES,
  DASHBOARD_TITLES,
  GRAFANA_DASHBOARDS,
  type DashboardHealthInfo,
  type DashboardName,
  type DashboardsHealthInfo,
  type GrafanaPathsInfo,
  type LabStatusInfo,
} from '../contract';
import { diagnosePods, KubeStatusError, matchesSelector, type EventObject, type KubeClients, type PodObject, type WorkloadObject } from '../kube';
import { DASHBOARDS } from './dashboards';
import { framingVerdict } from './framing';
import { getThroughGateway, type GatewayAnswer } from './gateway-get';
import { MONITOR_GATEWAY_NAME, MONITOR_NAMESPACE } from './monitor-gateway';

/** The Deployment of samples/addons behind each dashboard. */
export const DASHBOARD_DEPLOYMENTS: Readonly<Record<DashboardName, string>> = { kiali: 'kiali', grafana: 'grafana', tracing: 'jaeger', prometheus: 'prometheus' };

/** The monitor gateway's VirtualService for a dashboard (core/gateways/monitor-gateway names them so). */
export function monitorVirtualServiceName(name: DashboardName): string {
  return `monitor-${name}`;
}

export interface DashboardFacts {
  name: DashboardName;
  url: string;
  /** Why there is no lab, when there is none. */
  noLab?: string;
  /** Ready/desired pods of its Deployment; null when there is no such Deployment. */
  pods: { ready: number; total: number } | null;
  /** What the cluster says about pods that are not ready: one line, and what to do. */
  podProblem?: { text: string; next: string };
  route: { gateway: boolean; virtualService: boolean };
  answer?: GatewayAnswer;
  /** Prometheus's /-/ready through the gateway, when / answered. */
  readiness?: GatewayAnswer;
  grafanaPaths?: GrafanaPathsInfo;
}

function hostOf(url: string): string {
  return new URL(url).host;
}

function gatewayOf(url: string): string {
  return `127.0.0.1:${new URL(url).port || '80'}`;
}

/** The verdict for one dashboard from what was found. Pure. */
export function judgeDashboard(facts: DashboardFacts): DashboardHealthInfo {
  const title = DASHBOARD_TITLES[facts.name];
  const deployment = DASHBOARD_DEPLOYMENTS[facts.name];
  const base = { name: facts.name, url: facts.url, pods: facts.pods, httpStatus: null, framing: 'unknown' as const };
  if (facts.noLab !== undefined) return { ...base, ready: false, problem: 'no-lab', reason: facts.noLab };
  if (!facts.pods) {
    return { ...base, ready: false, problem: 'not-installed', fixStep: 'addons', reason: `There is no Deployment ${deployment} in ${MONITOR_NAMESPACE}.`, advice: 'Repair runs the plan’s addons step again, which installs it.' };
  }
  if (facts.pods.total === 0 || facts.pods.ready < facts.pods.total) {
    const counted = `${facts.pods.ready} of ${facts.pods.total} ${deployment} pods ready`;
    return facts.podProblem
      ? { ...base, ready: false, problem: 'pod-not-ready', fixStep: 'addons', reason: `${counted}: ${facts.podProblem.text}.`, advice: facts.podProblem.next }
      : { ...base, ready: false, problem: 'pod-not-ready', fixStep: 'addons', reason: `${counted}; ${title} is still starting.`, advice: 'Check again in a moment.' };
  }
  if (!facts.route.gateway || !facts.route.virtualService) {
    const missing = [facts.route.gateway ? '' : `Gateway ${MONITOR_GATEWAY_NAME}`, facts.route.virtualService ? '' : `VirtualService ${monitorVirtualServiceName(facts.name)}`].filter(Boolean).join(' and ');
    return { ...base, ready: false, problem: 'route-missing', fixStep: 'gateways', reason: `The monitor gateway has no route for ${hostOf(facts.url)}: ${missing} is missing in ${MONITOR_NAMESPACE}.`, advice: 'Repair applies the gateways again.' };
  }
  const answer = facts.answer;
  if (!answer || answer.status === 0) {
    const why = answer?.error ? ` (${answer.error})` : '';
    return {
      ...base,
      ready: false,
      problem: 'unreachable',
      fixStep: 'gateways',
      reason: `Nothing answers on ${gatewayOf(facts.url)}${why}: the ingress gateway is not running or not published on this port.`,
      advice: 'Check `meshdeck status`; Repair runs the plan again.',
    };
  }
  if (answer.status >= 400) {
    const advice =
      answer.status === 404
        ? 'The gateway loads new routes within seconds; check again, or Repair to apply the gateways again.'
        : answer.status === 503
          ? `The gateway has no healthy ${deployment} endpoint yet; wait a moment and check again.`
          : `Read the ${deployment} pod’s logs.`;
    return { ...base, httpStatus: answer.status, ready: false, problem: 'http-error', ...(answer.status === 404 ? { fixStep: 'gateways' as const } : {}), reason: `The monitor gateway answered HTTP ${answer.status} for ${hostOf(facts.url)}.`, advice };
  }
  const readiness = facts.readiness;
  if (readiness && readiness.status !== 200) {
    const said = readiness.body.trim().split('\n')[0]?.slice(0, 120) ?? '';
    return { ...base, httpStatus: answer.status, ready: false, problem: 'pod-not-ready', reason: `${title} answers, but is not ready yet: its /-/ready said HTTP ${readiness.status}${said ? ` (“${said}”)` : ''}.`, advice: 'It is still starting (loading its storage); check again in a moment.' };
  }
  const verdict = framingVerdict(answer.headers);
  // Kiali's route is what strips its DENY, so applying the gateways again restores that; Grafana's setting lives in its Deployment.
  const stripsByRoute = (DASHBOARDS.find((d) => d.name === facts.name)?.removeResponseHeaders.length ?? 0) > 0;
  return {
    ...base,
    ready: true,
    httpStatus: answer.status,
    framing: verdict.framing,
    ...(verdict.detail ? { framingDetail: verdict.detail } : {}),
    ...(verdict.framing === 'blocked' && stripsByRoute ? { fixStep: 'gateways' as const } : {}),
    ...(verdict.framing === 'blocked'
      ? {
          reason: `${title} answers HTTP ${answer.status} but forbids being shown in a frame (${verdict.detail}).`,
          advice: stripsByRoute
            ? 'Repair applies the monitor route that removes that header again; meanwhile, open it in the browser.'
            : `Its Deployment lacks GF_SECURITY_ALLOW_EMBEDDING=true. Open it in the browser, or delete the Deployment (\`kubectl delete deployment ${deployment} -n ${MONITOR_NAMESPACE}\`) and Repair.`,
        }
      : { reason: `${title} answers HTTP ${answer.status} through the monitor gateway.` }),
    ...(facts.grafanaPaths ? { grafanaPaths: facts.grafanaPaths } : {}),
  };
}

interface SearchHit {
  title?: unknown;
  url?: unknown;
  type?: unknown;
}

/** Grafana's search answer → where each Istio dashboard is. Pure. */
export function grafanaPathsFrom(body: string): GrafanaPathsInfo {
  let hits: unknown;
  try {
    hits = JSON.parse(body);
  } catch {
    return {};
  }
  if (!Array.isArray(hits)) return {};
  const paths: GrafanaPathsInfo = {};
  for (const [id, title] of Object.entries(GRAFANA_DASHBOARDS) as [keyof typeof GRAFANA_DASHBOARDS, string][]) {
    const hit = (hits as SearchHit[]).find((entry) => entry?.title === title && typeof entry.url === 'string');
    if (hit && typeof hit.url === 'string' && hit.url.startsWith('/') && !hit.url.startsWith('//')) paths[id] = hit.url;
  }
  return paths;
}

async function list<T>(clients: KubeClients, path: string): Promise<T[]> {
  try {
    return (await clients.http.request<{ items?: T[] }>('GET', path)).body.items ?? [];
  } catch (error) {
    // Istio's CRDs missing: no Gateways or VirtualServices at all.
    if (error instanceof KubeStatusError && error.statusCode === 404) return [];
    throw error;
  }
}

export interface DashboardHealthDeps {
  /** The lab's status (lab.status): whether it exists, its dashboards' URLs, addon readiness. */
  status: LabStatusInfo;
  clients: () => Promise<KubeClients>;
  signal: AbortSignal;
  /** How to GET through the gateway; tests may hand in another. */
  get?: (url: string, signal: AbortSignal) => Promise<GatewayAnswer>;
}

/** Every dashboard's health, in tab order. */
export async function readDashboardsHealth(deps: DashboardHealthDeps): Promise<DashboardsHealthInfo> {
  const urls = deps.status.urls.dashboards;
  const result = (dashboards: DashboardHealthInfo[]): DashboardsHealthInfo => ({ checkedAt: new Date().toISOString(), gateway: gatewayOf(urls.kiali), dashboards });
  if (!deps.status.exists) {
    const why = deps.status.problem?.message ?? 'There is no lab yet. Create it in Setup (or with `meshdeck up`).';
    return result(DASHBOARD_NAMES.map((name) => judgeDashboard({ name, url: urls[name], noLab: why, pods: null, route: { gateway: false, virtualService: false } })));
  }
  const get = deps.get ?? getThroughGateway;
  const clients = await deps.clients();
  const ns = `/namespaces/${MONITOR_NAMESPACE}`;
  const [deployments, gateways, virtualServices] = await Promise.all([
    list<WorkloadObject>(clients, `/apis/apps/v1${ns}/deployments`),
    list<{ metadata?: { name?: string } }>(clients, `/apis/networking.istio.io/v1${ns}/gateways`),
    list<{ metadata?: { name?: string } }>(clients, `/apis/networking.istio.io/v1${ns}/virtualservices`),
  ]);
  const addon = (name: DashboardName) => deps.status.addons.find((component) => component.name === DASHBOARD_DEPLOYMENTS[name]);
  const notReady = DASHBOARD_NAMES.filter((name) => {
    const pods = addon(name);
    return pods !== undefined && (pods.total === 0 || pods.ready < pods.total);
  });
  // Pods and events only when something is not ready: that is when their reason is needed.
  const [pods, events] = notReady.length > 0 ? await Promise.all([list<PodObject>(clients, `/api/v1${ns}/pods`), list<EventObject>(clients, `/api/v1${ns}/events`)]) : [[], []];
  const gatewayThere = gateways.some((g) => g.metadata?.name === MONITOR_GATEWAY_NAME);

  const dashboards = await Promise.all(
    DASHBOARD_NAMES.map(async (name): Promise<DashboardHealthInfo> => {
      const url = urls[name];
      const component = addon(name);
      const facts: DashboardFacts = {
        name,
        url,
        pods: component ? { ready: component.ready, total: component.total } : null,
        route: { gateway: gatewayThere, virtualService: virtualServices.some((v) => v.metadata?.name === monitorVirtualServiceName(name)) },
      };
      if (notReady.includes(name)) {
        const selector = deployments.find((d) => d.metadata?.name === DASHBOARD_DEPLOYMENTS[name])?.spec?.selector;
        const own = selector ? pods.filter((pod) => matchesSelector(pod.metadata?.labels, selector)) : [];
        const [finding] = diagnosePods(own, events);
        if (finding) facts.podProblem = { text: finding.text, next: finding.next };
        return judgeDashboard(facts);
      }
      if (facts.pods && facts.route.gateway && facts.route.virtualService) {
        facts.answer = await get(url, deps.signal);
        const answered = facts.answer.status > 0 && facts.answer.status < 400;
        if (name === 'prometheus' && answered) facts.readiness = await get(new URL('-/ready', url).href, deps.signal);
        if (name === 'grafana' && answered) {
          const search = await get(new URL('api/search?type=dash-db&query=Istio', url).href, deps.signal);
          if (search.status === 200) facts.grafanaPaths = grafanaPathsFrom(search.body);
        }
      }
      return judgeDashboard(facts);
    }),
  );
  return result(dashboards);
}
