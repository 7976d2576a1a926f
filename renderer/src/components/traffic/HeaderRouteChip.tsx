// The header rule in force beside the weights (Istio's "test v2" task: end-user: jason → v2),
// with a way to drop it.

import type { HeaderRouteInfo } from '../../../../core/contract';

export function HeaderRouteChip({ route, disabled, onClear }: { route: HeaderRouteInfo; disabled: boolean; onClear: () => void }) {
  return (
    <p className="header-route" data-testid="traffic-header-route">
      <span>
        Requests with header <code>{route.header}: {route.value}</code> go to <strong>{route.version}</strong>; the weights apply to all others.
      </span>
      <button type="button" className="button button-quiet button-small" disabled={disabled} onClick={onClear}>
        Drop this rule
      </button>
    </p>
  );
}
