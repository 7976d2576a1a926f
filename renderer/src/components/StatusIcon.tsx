// A finding's status as a shape (circle-check, triangle, octagon, circle-dash) so that it
// reads without colour too.

import type { FindingStatus } from '../../../core/contract';
import { Icon } from './Icon';

export function StatusIcon({ status, size = 20 }: { status: FindingStatus; size?: number }) {
  return (
    <span className={`status-icon status-${status}`}>
      <Icon name={status} size={size} />
    </span>
  );
}
