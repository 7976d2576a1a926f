// The Traffic screen when the lab went away while it was open: says so plainly, with the core's
// reason, instead of routing that is no longer in any cluster or pods that are no longer ready;
// the generator run the core stopped says why; Setup is where the lab is created again.

import type { GeneratorRunInfo } from '../../../../core/contract';
import { Icon } from '../Icon';

export function TrafficLabGone({ reason, run, onOpenSetup }: { reason: string; run: GeneratorRunInfo | null; onOpenSetup: () => void }) {
  return (
    <div className="empty-state" data-testid="traffic-lab-gone" role="alert">
      <span className="empty-icon">
        <Icon name="fail" size={32} />
      </span>
      <h2 className="empty-title">The lab is gone</h2>
      <p className="empty-lead">{reason}</p>
      <p className="empty-lead">Nothing here can be applied until it is back: the split, presets and the generator come back with the lab.</p>
      {run && run.state !== 'running' && run.error ? (
        <p className="empty-lead" data-testid="traffic-lab-gone-run">
          The traffic run was stopped after {run.totals.requests} requests{run.error === reason ? ', when the lab went away.' : `: ${run.error}`}
        </p>
      ) : null}
      <button type="button" className="button button-primary" onClick={onOpenSetup}>
        Open Setup to create it again
      </button>
    </div>
  );
}
