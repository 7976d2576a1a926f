// The lab card when there is no lab: why the core could not tell (with "Check again"), then
// "Create my mesh" with the options the user chose last and the machine checks that failed.
// A core that does not know `lab.status` at all (NOT_FOUND), or that refuses or lost this page, offers no create.

import { useCore } from '../client-context';
import { useDoctorState } from '../state/doctor-store';
import { createLab, labStore, loadKubeContexts, loadLabStatus, useLabState, type LabStatusView } from '../state/lab-store';
import { ErrorNotice } from './ErrorNotice';
import { Icon } from './Icon';
import { LabCreate } from './LabCreate';

export function LabAbsentBody({ status }: { status: LabStatusView }) {
  const { client } = useCore();
  const requesting = useLabState((state) => state.requesting);
  const lastOptions = useLabState((state) => state.lastOptions);
  const contexts = useLabState((state) => state.contexts);
  const report = useDoctorState((state) => state.lastReport);
  const failedChecks = report ? report.findings.filter((finding) => finding.status === 'fail') : [];
  // Nothing to create with: a core without lab.status, or one this page may not (or cannot) talk to.
  const unsupported = status.kind === 'error' && ['NOT_FOUND', 'UNAUTHORIZED', 'TRANSPORT_CLOSED'].includes(status.error.code);
  return (
    <>
      {status.kind === 'error' ? (
        <ErrorNotice
          error={status.error}
          action={
            <button type="button" className="button button-secondary" onClick={() => void loadLabStatus(client, labStore)}>
              <Icon name="refresh" size={16} />
              Check again
            </button>
          }
        />
      ) : null}
      {unsupported ? null : (
        <LabCreate
          initial={lastOptions}
          busy={requesting === 'lab-up'}
          failedChecks={failedChecks}
          contexts={contexts}
          onOptionsOpen={() => void loadKubeContexts(client, labStore)}
          onCreate={(options) => void createLab(client, labStore, options)}
        />
      )}
    </>
  );
}
