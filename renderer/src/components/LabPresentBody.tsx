// The lab card when a lab is there and no task is followed: its problem (with "Finish setup",
// which runs the plan again and reuses what is done), its links and its summary.

import type { LabStatusInfo } from '../../../core/contract';
import { ErrorNotice } from './ErrorNotice';
import { Icon } from './Icon';
import { LabLinks } from './LabLinks';
import { LabSummary } from './LabSummary';

export function LabPresentBody({ status, busy, onFinish }: { status: LabStatusInfo; busy: boolean; onFinish: () => void }) {
  return (
    <>
      {status.problem ? (
        <ErrorNotice
          error={status.problem}
          action={
            <button type="button" className="button button-primary" onClick={onFinish} disabled={busy} data-testid="lab-finish">
              <Icon name="play" size={16} />
              Finish setup
            </button>
          }
        />
      ) : null}
      <LabLinks urls={status.urls} />
      <LabSummary status={status} />
    </>
  );
}
