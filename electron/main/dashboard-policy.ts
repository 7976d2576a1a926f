// Every decision about the dashboard panes of the desktop app, as pure functions (Electron's
// binary cannot run in CI): where a pane may navigate, which links leave for the system browser,
// which framing headers the dashboard session drops and only for which origins, and where a pane
// sits in the window. dashboard-views.ts and security.ts apply them.

import type { PaneBoundsInfo } from '../../core/contract';
import { withoutFrameAncestors } from '../../core/gateways';
import { isPlainHttp, parseUrl } from './plain-url';

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The origin of a dashboard URL (scheme, host, port), or undefined for anything but plain http(s). */
export function dashboardOrigin(url: string): string | undefined {
  const parsed = parseUrl(url);
  return parsed && isPlainHttp(parsed) ? parsed.origin : undefined;
}

/** A pane stays on its dashboard: same scheme, host and port, no credentials in the URL. */
export function isAllowedDashboardNavigation(url: string, origin: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== undefined && isPlainHttp(parsed) && parsed.origin === origin;
}

/**
 * Sites the dashboards link to for help (their documentation), besides the dashboards themselves.
 * A link elsewhere from a pane is not opened at all.
 */
export const DASHBOARD_HELP_HOSTS: readonly string[] = ['istio.io', 'kiali.io', 'grafana.com', 'jaegertracing.io', 'prometheus.io'];

/** The hosts a pane may send to the system browser: every dashboard's host and the help sites. */
export function knownExternalHosts(dashboardUrls: readonly string[]): string[] {
  const hosts = dashboardUrls.map((url) => parseUrl(url)?.hostname).filter((host): host is string => Boolean(host));
  return [...new Set([...hosts, ...DASHBOARD_HELP_HOSTS])];
}

/** Opens in the system browser only http(s) to a known host (or a subdomain of a help site). */
export function externalOpenAllowed(url: string, knownHosts: readonly string[]): boolean {
  const parsed = parseUrl(url);
  if (!parsed || !isPlainHttp(parsed)) return false;
  const host = parsed.hostname.toLowerCase();
  return knownHosts.some((known) => host === known.toLowerCase() || (DASHBOARD_HELP_HOSTS.includes(known) && host.endsWith(`.${known}`)));
}

/** Where a navigation goes: it happens, it leaves for the system browser instead, or it does not happen. */
export type NavigationDecision = 'allow' | 'external' | 'deny';

/** What a pane does with a navigation it did not start itself: stay, leave for the browser, or nothing. */
export function navigationDecision(url: string, origin: string, knownHosts: readonly string[]): NavigationDecision {
  if (isAllowedDashboardNavigation(url, origin)) return 'allow';
  return externalOpenAllowed(url, knownHosts) ? 'external' : 'deny';
}

/**
 * Response headers for the dashboard session, second layer behind the monitor route: for the
 * dashboard origins only, X-Frame-Options goes and CSP loses its frame-ancestors directive (a
 * dashboard that frames its own pages must not be refused). Anything else passes unchanged.
 */
export function stripFramingHeaders(responseHeaders: Readonly<Record<string, string[]>>, url: string, dashboardOrigins: readonly string[]): Record<string, string[]> {
  const headers: Record<string, string[]> = { ...responseHeaders };
  const origin = dashboardOrigin(url);
  if (!origin || !dashboardOrigins.includes(origin)) return headers;
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'x-frame-options') delete headers[name];
    if (lower === 'content-security-policy') {
      const kept = (headers[name] ?? []).map(withoutFrameAncestors).filter((value): value is string => value !== undefined);
      if (kept.length > 0) headers[name] = kept;
      else delete headers[name];
    }
  }
  return headers;
}

/** URL patterns for session.webRequest filters: each dashboard host (the listener checks the port). */
export function headerFilterUrls(dashboardOrigins: readonly string[]): string[] {
  const patterns = dashboardOrigins.map((origin) => parseUrl(origin)).filter((url): url is URL => url !== undefined).map((url) => `${url.protocol}//${url.hostname}/*`);
  return [...new Set(patterns)];
}

/**
 * Where the pane goes in the window: the renderer measures its placeholder in CSS pixels; the
 * window's zoom turns them into the window's pixels. Edges are rounded so that neighbouring
 * panes meet without a gap, and the result is clipped to the window's content area.
 */
export function paneBounds(rect: PaneBoundsInfo, zoom: number, content: { width: number; height: number }): Rectangle {
  const factor = Number.isFinite(zoom) && zoom > 0 ? zoom : 1;
  const left = Math.min(Math.max(Math.round(rect.x * factor), 0), content.width);
  const top = Math.min(Math.max(Math.round(rect.y * factor), 0), content.height);
  const right = Math.min(Math.max(Math.round((rect.x + rect.width) * factor), left), content.width);
  const bottom = Math.min(Math.max(Math.round((rect.y + rect.height) * factor), top), content.height);
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** Each dashboard gets its own in-memory session: no cookies shared with the app or each other, nothing on disk. */
export function dashboardPartition(name: string): string {
  return `dashboard-${name}`;
}
