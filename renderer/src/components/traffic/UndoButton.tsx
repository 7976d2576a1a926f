// Goes back to the split from before the last change (slider gesture, preset or header rule).

import type { RouteSnapshot } from '../../model/service-routing';
import { Icon } from '../Icon';

function describe(route: RouteSnapshot): string {
  const weights = route.weights.filter((w) => w.weight > 0).map((w) => `${w.version} ${w.weight}%`);
  return route.headerRoute ? `${weights.join(', ')} and ${route.headerRoute.header}: ${route.headerRoute.value} → ${route.headerRoute.version}` : weights.join(', ');
}

export function UndoButton({ previous, disabled, onUndo }: { previous: RouteSnapshot | null; disabled: boolean; onUndo: () => void }) {
  const label = previous ? `Undo: back to ${describe(previous)}` : 'Nothing to undo yet';
  return (
    <button type="button" className="button button-secondary" disabled={disabled || !previous} onClick={onUndo} title={label} aria-label={label} data-testid="traffic-undo">
      <Icon name="undo" size={16} />
      Undo
    </button>
  );
}
