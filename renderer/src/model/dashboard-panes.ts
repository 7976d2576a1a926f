// What a dashboard pane shows, decided from the core's health report and the face: the live page,
// or why not (in the cluster's words) and what the user can do about it. Also the views a pane
// offers, a tab's status mark, and the whole-pixel rectangle a desktop pane asks the window for.
// Pure, so each case is tested without a browser.

import {
  DASHBOARD_TITLES,
  dashboardViews,
  type AppStatusInfo,
  type DashboardFixStep,
  type DashboardHealthInfo,
  type DashboardName,
  type DashboardViewInfo,
  type FindingStatus,
  type PaneBoundsInfo,
} from '../../../core/contract';

export type PaneVerdict =
  | { kind: 'checking' }
  | { kind: 'show' }
  | {
      kind: 'problem';
      title: string;
      reason: string;
      /** What to do, with commands in backticks. */
      advice: string | null;
      /** Re-run the plan (only the steps not done): offered when a step can put it right. */
      fixStep: DashboardFixStep | null;
      /** There is no lab: the way forward is Setup, not a repair. */
      needsSetup: boolean;
    };

/**
 * Desktop panes are top-level pages (WebContentsView), so framing headers do not matter there;
 * a browser frame is refused when the dashboard forbids framing, so that is a problem too.
 */
export function paneVerdict(health: DashboardHealthInfo | undefined, face: AppStatusInfo['face'] | null): PaneVerdict {
  if (!health || face === null) return { kind: 'checking' };
  const title = DASHBOARD_TITLES[health.name];
  if (!health.ready) {
    const heads: Record<NonNullable<DashboardHealthInfo['problem']>, string> = {
      'no-lab': `${title} needs a lab`,
      'not-installed': `${title} is not installed`,
      'pod-not-ready': `${title} is not ready`,
      'route-missing': `${title} has no route on the monitor gateway`,
      unreachable: `${title} cannot be reached`,
      'http-error': `${title} answered with an error`,
    };
    return { kind: 'problem', title: heads[health.problem ?? 'unreachable'], reason: health.reason, advice: health.advice ?? null, fixStep: health.fixStep ?? null, needsSetup: health.problem === 'no-lab' };
  }
  if (face === 'browser' && health.framing === 'blocked') {
    return { kind: 'problem', title: `${title} refuses to be shown inside another page`, reason: health.reason, advice: health.advice ?? null, fixStep: health.fixStep ?? null, needsSetup: false };
  }
  return { kind: 'show' };
}

/** A tab's mark: ok when the pane can show, warn while checking, fail with a problem. */
export function tabStatus(verdict: PaneVerdict): FindingStatus {
  if (verdict.kind === 'show') return 'ok';
  return verdict.kind === 'checking' ? 'skipped' : 'fail';
}

/** The views a pane offers: from the health report's URL (and Grafana's found paths). */
export function paneViews(name: DashboardName, health: DashboardHealthInfo | undefined, service?: string): DashboardViewInfo[] {
  if (!health) return [];
  return dashboardViews(name, health.url, { ...(health.grafanaPaths ? { grafanaPaths: health.grafanaPaths } : {}), ...(service ? { service } : {}) });
}

/** The chosen view, or the pane's first (its entry point). */
export function chosenView(views: readonly DashboardViewInfo[], id: string | undefined): DashboardViewInfo | undefined {
  return views.find((view) => view.id === id) ?? views[0];
}

/**
 * The placeholder's rectangle (getBoundingClientRect, CSS pixels) as whole pixels. Edges are
 * rounded, not sizes, so that the pane covers exactly the pixels the placeholder does.
 */
export function wholePixelBounds(rect: { left: number; top: number; right: number; bottom: number }): PaneBoundsInfo {
  const x = Math.round(rect.left);
  const y = Math.round(rect.top);
  return { x, y, width: Math.max(0, Math.round(rect.right) - x), height: Math.max(0, Math.round(rect.bottom) - y) };
}

export function sameBounds(a: PaneBoundsInfo | null, b: PaneBoundsInfo): boolean {
  return a !== null && a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

/** What the Repair button will do, in words. */
export function repairLabel(step: DashboardFixStep): string {
  return step === 'addons' ? 'Repair: install the dashboards again' : 'Repair: apply the gateways again';
}
