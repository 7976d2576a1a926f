// The desktop app's dashboard panes: one WebContentsView per dashboard, made on first show with
// its own locked-down session, placed where the renderer's layout says, hidden when the renderer
// leaves it (or goes away), closed with the window. Thin: every decision is in dashboard-policy.ts
// and every hardening in security.ts.

import { session, WebContentsView, type BrowserWindow } from 'electron';
import { AppError, DASHBOARD_TITLES, type DashboardName, type DashboardPaneInfo } from '../../core/contract';
import type { DashboardPaneHandlers } from '../../core/app';
import type { Caller } from '../../core/rpc';
import { dashboardOrigin, dashboardPartition, isAllowedDashboardNavigation, knownExternalHosts, paneBounds } from './dashboard-policy';
import { dashboardWebPreferences, lockDashboardNavigation, lockDashboardSession } from './security';

type DashboardUrls = Record<DashboardName, string>;

interface Pane {
  view: WebContentsView;
  origin: string;
  /** The URL the renderer last asked for; in-pane navigation does not change it. */
  requested: string;
}

export interface DashboardViewsDeps {
  /** The lab's dashboard URLs (lab.status); read again when the renderer names another address. */
  dashboardUrls(): Promise<DashboardUrls>;
}

export class DashboardViews {
  private readonly panes = new Map<DashboardName, Pane>();
  private urls: DashboardUrls | undefined;
  private readonly watchedCallers = new WeakSet<Caller>();

  constructor(
    private readonly window: BrowserWindow,
    private readonly deps: DashboardViewsDeps,
  ) {}

  /** Handlers for the desktop-only dashboards.* methods of the contract. */
  handlers(): DashboardPaneHandlers {
    return {
      'dashboards.show': async (params, caller) => {
        // A page that goes away (reload, crash) without saying so must not leave panes over the next one.
        if (!this.watchedCallers.has(caller)) {
          this.watchedCallers.add(caller);
          caller.onGone(() => this.hide());
        }
        return this.show(params.name, params.url, params.bounds);
      },
      'dashboards.hide': ({ name }) => ({ hidden: this.hide(name) }),
      'dashboards.navigate': ({ name, action }) => this.navigate(name, action),
    };
  }

  async show(name: DashboardName, url: string, bounds: { x: number; y: number; width: number; height: number }): Promise<DashboardPaneInfo> {
    const urls = await this.urlsFor(name, url);
    const origin = dashboardOrigin(urls[name])!;
    let pane = this.panes.get(name);
    if (pane && pane.origin !== origin) {
      // The lab moved (another port): a fresh pane for the new address.
      this.close(name);
      pane = undefined;
    }
    pane ??= this.open(name, origin, urls);
    for (const [other, entry] of this.panes) if (other !== name) entry.view.setVisible(false);
    const { width, height } = this.window.getContentBounds();
    pane.view.setBounds(paneBounds(bounds, this.window.webContents.getZoomFactor(), { width, height }));
    pane.view.setVisible(true);
    if (pane.requested !== url) {
      pane.requested = url;
      // A page that cannot load shows Chromium's error page; the renderer's health notice says why.
      pane.view.webContents.loadURL(url).catch(() => undefined);
    }
    return this.info(name, pane);
  }

  /** Hides one pane, or all; returns how many were showing. */
  hide(name?: DashboardName): number {
    let hidden = 0;
    for (const [key, pane] of this.panes) {
      if (name !== undefined && key !== name) continue;
      if (pane.view.getVisible()) hidden += 1;
      pane.view.setVisible(false);
    }
    return hidden;
  }

  navigate(name: DashboardName, action: 'back' | 'forward' | 'reload'): DashboardPaneInfo {
    const pane = this.panes.get(name);
    if (!pane) throw new AppError('NOT_FOUND', `The ${DASHBOARD_TITLES[name]} pane is not open; open it first.`);
    const history = pane.view.webContents.navigationHistory;
    if (action === 'back' && history.canGoBack()) history.goBack();
    if (action === 'forward' && history.canGoForward()) history.goForward();
    if (action === 'reload') pane.view.webContents.reload();
    return this.info(name, pane);
  }

  dispose(): void {
    for (const name of [...this.panes.keys()]) this.close(name);
  }

  private async urlsFor(name: DashboardName, url: string): Promise<DashboardUrls> {
    const fits = (urls: DashboardUrls | undefined) => urls !== undefined && isAllowedDashboardNavigation(url, dashboardOrigin(urls[name]) ?? '');
    if (fits(this.urls)) return this.urls!;
    this.urls = await this.deps.dashboardUrls();
    if (!fits(this.urls)) {
      throw new AppError('INVALID_ARGUMENT', `${url} is not where the lab serves ${DASHBOARD_TITLES[name]} (${this.urls[name]}). Read the lab's status again and open the dashboard from there.`);
    }
    return this.urls;
  }

  private open(name: DashboardName, origin: string, urls: DashboardUrls): Pane {
    const partition = dashboardPartition(name);
    lockDashboardSession(session.fromPartition(partition), [origin]);
    const view = new WebContentsView({ webPreferences: dashboardWebPreferences(partition) });
    lockDashboardNavigation(view.webContents, origin, knownExternalHosts(Object.values(urls)));
    view.setBackgroundColor('#15171c');
    view.setVisible(false);
    this.window.contentView.addChildView(view);
    const pane: Pane = { view, origin, requested: '' };
    this.panes.set(name, pane);
    return pane;
  }

  private close(name: DashboardName): void {
    const pane = this.panes.get(name);
    if (!pane) return;
    this.panes.delete(name);
    if (!this.window.isDestroyed()) this.window.contentView.removeChildView(pane.view);
    if (!pane.view.webContents.isDestroyed()) pane.view.webContents.close();
  }

  private info(name: DashboardName, pane: Pane): DashboardPaneInfo {
    const contents = pane.view.webContents;
    return { name, url: contents.getURL() || pane.requested, canGoBack: contents.navigationHistory.canGoBack(), canGoForward: contents.navigationHistory.canGoForward() };
  }
}
