// Under "Create my mesh" when the machine's checks failed: which ones, and that the plan's first
// step (preflight) will stop on them with the same advice.

import type { DoctorFindingInfo } from '../../../core/contract';
import { Icon } from './Icon';

export function LabPreflightNote({ id, failedChecks }: { id: string; failedChecks: DoctorFindingInfo[] }) {
  const one = failedChecks.length === 1;
  return (
    <p className="lab-preflight-note" id={id} data-testid="lab-preflight-note">
      <Icon name="warn" size={16} />
      <span>
        {one ? 'One check' : `${failedChecks.length} checks`} below failed ({failedChecks.map((finding) => finding.title).join(', ')}). The first step, preflight,
        will stop on {one ? 'it' : 'them'} with the same advice: fix {one ? 'it' : 'them'} first, then create the mesh.
      </span>
    </p>
  );
}
