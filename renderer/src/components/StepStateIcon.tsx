// A plan step's state as a shape: hollow circle (waiting), spinner (running), circle-check
// (done), double check (already there), octagon (failed), slashed circle (cancelled). The
// word beside it carries the state too, so colour only repeats it.

import type { StepState } from '../../../core/contract';
import { Icon, type IconName } from './Icon';

const ICONS: Record<Exclude<StepState, 'running'>, IconName> = {
  pending: 'pending',
  done: 'ok',
  reused: 'reused',
  failed: 'fail',
  cancelled: 'cancelled',
};

export function StepStateIcon({ state }: { state: StepState }) {
  return (
    <span className={`step-icon step-icon-${state}`} aria-hidden="true">
      {state === 'running' ? <span className="spinner" /> : <Icon name={ICONS[state]} size={18} />}
    </span>
  );
}
