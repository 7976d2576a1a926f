// The drawer's footer before MeshDeck applies live: what applying (a draft) or taking over
// (someone else's objects) will do, with Discard and the one action that fits.

import type { RoutingMode } from '../../state/routing-state';
import { Icon } from '../Icon';

export function RoutingDrawerFooter({
  mode,
  dirty,
  busy,
  stale = false,
  onApply,
  onDiscard,
  onTakeOver,
}: {
  mode: Exclude<RoutingMode, 'live'>;
  dirty: boolean;
  busy: boolean;
  stale?: boolean;
  onApply: () => void;
  onDiscard: () => void;
  onTakeOver: () => void;
}) {
  return (
    <footer className="drawer-foot">
      <p className="drawer-note">
        {stale
          ? 'The routing changed in the cluster since this split was made, so it cannot be applied. Discard the changes to start from what is there now.'
          : mode === 'draft'
          ? 'Nothing is written until you apply. After that, slider moves and presets apply as you make them.'
          : 'These objects belong to someone else. Taking over replaces them with MeshDeck’s routing.'}
      </p>
      <button type="button" className="button button-quiet" onClick={onDiscard} disabled={busy || !dirty} data-testid="traffic-discard">
        Discard changes
      </button>
      {mode === 'draft' ? (
        <button type="button" className="button button-primary" onClick={onApply} disabled={busy || stale} data-testid="traffic-apply-draft">
          <Icon name="check" size={16} />
          Apply
        </button>
      ) : (
        <button type="button" className="button button-primary" onClick={onTakeOver} disabled={busy} data-testid="traffic-drawer-takeover">
          Take over…
        </button>
      )}
    </footer>
  );
}
