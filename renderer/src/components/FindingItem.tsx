// One doctor finding: status, title, what was found, and what to do about it.

import type { DoctorFindingInfo } from '../../../core/contract';
import { AdviceText } from './AdviceText';
import { StatusBadge } from './StatusBadge';
import { StatusIcon } from './StatusIcon';

export function FindingItem({ finding }: { finding: DoctorFindingInfo }) {
  return (
    <li className={`finding finding-${finding.status}`} data-testid={`doctor-finding-${finding.id}`} data-status={finding.status}>
      <StatusIcon status={finding.status} />
      <div className="finding-body">
        <div className="finding-head">
          <h3 className="finding-title">{finding.title}</h3>
          <StatusBadge status={finding.status} />
        </div>
        <p className="finding-summary">{finding.summary}</p>
        {finding.advice ? <AdviceText advice={finding.advice} /> : null}
      </div>
    </li>
  );
}
