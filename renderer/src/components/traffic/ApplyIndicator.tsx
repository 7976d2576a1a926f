// Where the split stands with the cluster: nothing changed (or changed by another writer, now
// shown), a draft not applied yet, a draft made from a version the cluster no longer holds
// (stale: never "Accepted"), applying, accepted (when, and the resourceVersions the API server
// gave), or failed (the error's title and message, which says what to do). Status is a word and
// an icon, never colour alone.

import type { AppErrorInfo, TrafficApplyInfo, TrafficServiceInfo } from '../../../../core/contract';
import { errorText } from '../../model/error-text';
import type { ApplyPhase, RoutingMode } from '../../state/routing-state';
import { Icon } from '../Icon';

export type ApplyIndicatorState = 'idle' | 'draft' | 'stale' | 'applying' | 'accepted' | 'failed';

export function indicatorState(mode: RoutingMode, phase: ApplyPhase, dirty: boolean, stale = false): ApplyIndicatorState {
  if (phase === 'applying') return phase;
  if (stale) return 'stale';
  if (phase === 'failed') return phase;
  if (dirty && mode !== 'live') return 'draft';
  return phase === 'accepted' ? 'accepted' : 'idle';
}

function clock(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

function objectsLine(objects: readonly { kind: string; name: string; resourceVersion: string }[]): string {
  return objects.map((object) => `${object.kind} ${object.name} (resourceVersion ${object.resourceVersion})`).join(' · ');
}

type IndicatorIcon = 'ok' | 'fail' | 'info' | 'pending';

/** Nothing pending: what the cluster holds, and whether another writer just changed it. */
function idleText(mode: RoutingMode, service: TrafficServiceInfo, changedElsewhereAt: number | null): { icon: IndicatorIcon; title: string; detail: string | null } {
  const own = service.objects.filter((object) => object.name === service.name);
  if (changedElsewhereAt !== null) return { icon: 'info', title: `Changed by another writer at ${clock(new Date(changedElsewhereAt).toISOString())}`, detail: `The sliders show what is in the cluster now. ${objectsLine(own)}` };
  if (mode === 'live') return { icon: 'ok', title: 'MeshDeck’s routing is in the cluster', detail: objectsLine(own) };
  if (mode === 'foreign') return { icon: 'info', title: 'Routed by someone else’s objects', detail: null };
  return { icon: 'info', title: 'No routing rule yet', detail: `Kubernetes spreads requests for ${service.name} over the pods of every version.` };
}

export function ApplyIndicator({
  mode,
  phase,
  dirty,
  accepted,
  error,
  service,
  stale = false,
  changedElsewhereAt = null,
}: {
  mode: RoutingMode;
  phase: ApplyPhase;
  dirty: boolean;
  accepted: TrafficApplyInfo | null;
  error: AppErrorInfo | null;
  service: TrafficServiceInfo;
  stale?: boolean;
  changedElsewhereAt?: number | null;
}) {
  const state = indicatorState(mode, phase, dirty, stale);
  let icon: IndicatorIcon = 'info';
  let title: string;
  let detail: string | null = null;
  switch (state) {
    case 'applying':
      title = 'Applying…';
      break;
    case 'failed': {
      const text = errorText(error ?? { code: 'INTERNAL', message: 'The apply failed without saying why. Try again.' });
      icon = 'fail';
      title = `Not applied: ${text.title}`;
      detail = text.message;
      break;
    }
    case 'accepted':
      icon = 'ok';
      title = accepted ? `Accepted by the cluster at ${clock(accepted.acceptedAt)}` : 'Accepted by the cluster';
      detail = accepted ? objectsLine(accepted.objects) : null;
      break;
    case 'stale':
      icon = 'fail';
      title = 'Out of date: the routing changed since this split was made';
      detail = `Another writer (another tab, \`meshdeck shift\` or kubectl) changed ${service.name}; applying this would be refused. Go back to the cluster’s split to start from what is there now.`;
      break;
    case 'draft':
      icon = 'pending';
      title = mode === 'foreign' ? 'Not applied: the routing belongs to someone else' : 'Not applied yet';
      detail = mode === 'foreign' ? 'Take over to write this split.' : 'Review the YAML and the diff, then apply. After the first apply, slider moves apply as you make them.';
      break;
    case 'idle':
      ({ icon, title, detail } = idleText(mode, service, changedElsewhereAt));
      break;
  }
  return (
    <div className={`apply-state apply-state-${state}`} data-testid="traffic-apply-state" data-state={state} role="status" aria-live="polite">
      <span className="apply-state-icon">{state === 'applying' ? <span className="spinner" aria-hidden="true" /> : <Icon name={icon} size={18} />}</span>
      <div className="apply-state-body">
        <p className="apply-state-title">{title}</p>
        {detail ? <p className="apply-state-detail">{detail}</p> : null}
        {state === 'failed' && error ? (
          <p className="apply-state-code">
            Error code <code>{error.code}</code>
          </p>
        ) : null}
      </div>
    </div>
  );
}
