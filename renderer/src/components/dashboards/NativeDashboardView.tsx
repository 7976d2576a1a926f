// Desktop: the dashboard is a WebContentsView that main draws over this placeholder. The
// placeholder reports where it is whenever the layout may have moved it (resize, DOM changes),
// hides the pane while a modal dialog is open (native views draw above the page), and hides it
// when it goes away.

import { useEffect, useRef } from 'react';
import { DASHBOARD_TITLES, type DashboardName, type PaneBoundsInfo } from '../../../../core/contract';
import { useCore } from '../../client-context';
import { sameBounds, wholePixelBounds } from '../../model/dashboard-panes';
import { toErrorInfo } from '../../model/error-text';
import { dashboardsStore } from '../../state/dashboards-store';

export function NativeDashboardView({ name, url }: { name: DashboardName; url: string }) {
  const { client } = useCore();
  const placeholder = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = placeholder.current;
    if (!element) return;
    const { dispatch } = dashboardsStore.getState();
    let frame = 0;
    let placed: PaneBoundsInfo | null = null;
    let active = true;
    const hide = () => {
      placed = null;
      client.call('dashboards.hide', { name }).catch(() => undefined);
    };
    const place = () => {
      frame = 0;
      if (!active) return;
      if (document.querySelector('dialog[open]')) {
        if (placed) hide();
        return;
      }
      const bounds = wholePixelBounds(element.getBoundingClientRect());
      if (sameBounds(placed, bounds)) return;
      placed = bounds;
      client.call('dashboards.show', { name, url, bounds }).then(
        (pane) => dispatch({ type: 'pane-reported', pane }),
        (error: unknown) => dispatch({ type: 'pane-failed', error: toErrorInfo(error) }),
      );
    };
    // At most one placement per frame, however many changes arrive.
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(place);
    };
    const resize = new ResizeObserver(schedule);
    resize.observe(element);
    const changes = new MutationObserver(schedule);
    changes.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['open', 'class', 'hidden'] });
    window.addEventListener('resize', schedule);
    schedule();
    return () => {
      active = false;
      cancelAnimationFrame(frame);
      resize.disconnect();
      changes.disconnect();
      window.removeEventListener('resize', schedule);
      hide();
    };
  }, [client, name, url]);

  return <div ref={placeholder} className="dash-native" role="presentation" aria-label={`${DASHBOARD_TITLES[name]} dashboard`} data-testid={`dashboard-native-${name}`} />;
}
