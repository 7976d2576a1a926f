// The lab part of the Setup screen. It shows, in this order of precedence: the lab task this
// screen follows (creating or deleting, with its steps), the lab the core reports (summary and
// links), or "Create my mesh". All state lives in the lab store; this only lays it out.

import { useEffect, type ReactNode } from 'react';
import { useCore } from '../client-context';
import { labHeading } from '../model/lab-heading';
import {
  askDeleteLab,
  cancelLab,
  confirmDeleteLab,
  createLab,
  currentLabTask,
  currentStepLogs,
  dismissDeleteLab,
  isLabBusy,
  labStore,
  loadLabStatus,
  resumeLab,
  retryLab,
  useLabState,
} from '../state/lab-store';
import { DeleteLabDialog } from './DeleteLabDialog';
import { ErrorNotice } from './ErrorNotice';
import { Icon } from './Icon';
import { LabAbsentBody } from './LabAbsentBody';
import { LabPresentBody } from './LabPresentBody';
import { LabTaskBody } from './LabTaskBody';

export function LabCard() {
  const { client } = useCore();
  const status = useLabState((state) => state.status);
  const task = useLabState(currentLabTask);
  const logs = useLabState(currentStepLogs);
  const busy = useLabState(isLabBusy);
  const requestError = useLabState((state) => state.requestError);
  const lastOptions = useLabState((state) => state.lastOptions);
  const confirmingDelete = useLabState((state) => state.confirmingDelete);
  const removal = useLabState((state) => state.removal);

  useEffect(() => {
    void resumeLab(client, labStore);
  }, [client]);

  // When the followed task ends other than by success, the lab may be half there: ask again.
  const finishedUnhappily = task !== null && (task.state === 'failed' || task.state === 'cancelled');
  useEffect(() => {
    if (finishedUnhappily) void loadLabStatus(client, labStore);
  }, [client, finishedUnhappily]);

  const present = status.kind === 'present' ? status.status : null;
  const showTask = task !== null && !(task.kind === 'lab-down' && task.state === 'succeeded');

  let body: ReactNode;
  if (showTask && task) {
    body = <LabTaskBody task={task} logs={logs} present={present} options={lastOptions} onRetry={() => void retryLab(client, labStore)} busy={busy} />;
  } else if (status.kind === 'unknown' || status.kind === 'loading') {
    body = (
      <p className="lab-looking" role="status">
        <span className="spinner" aria-hidden="true" />
        Looking for a lab on this machine…
      </p>
    );
  } else if (present) {
    body = <LabPresentBody status={present} busy={busy} onFinish={() => void createLab(client, labStore, lastOptions)} />;
  } else {
    body = <LabAbsentBody status={status} />;
  }

  const unreadable = status.kind === 'error' && (status.error.code === 'UNAUTHORIZED' || status.error.code === 'TRANSPORT_CLOSED');
  const heading = labHeading(task, showTask, present, unreadable);
  return (
    <section className="lab-card" aria-labelledby="lab-heading" data-testid="lab-card" data-task-state={showTask ? task?.state : undefined}>
      <header className="lab-card-head">
        <div>
          <h2 className="lab-card-title" id="lab-heading">
            {heading.title}
          </h2>
          <p className="lab-card-subtitle">{heading.subtitle}</p>
        </div>
        <div className="lab-card-actions">
          {task?.state === 'running' ? (
            <button type="button" className="button button-secondary" onClick={() => void cancelLab(client, labStore)} data-testid="lab-cancel">
              <Icon name="stop" size={16} />
              Cancel
            </button>
          ) : null}
          {!busy && (present || (showTask && task?.kind === 'lab-up')) ? (
            <button type="button" className="button button-quiet" onClick={() => void askDeleteLab(client, labStore)} data-testid="lab-delete">
              <Icon name="trash" size={16} />
              Delete lab…
            </button>
          ) : null}
        </div>
      </header>
      {requestError ? <ErrorNotice error={requestError} /> : null}
      {body}
      {confirmingDelete ? (
        <DeleteLabDialog
          present={present}
          removal={removal}
          clusterName={present?.name ?? lastOptions.name ?? 'meshdeck'}
          onConfirm={() => void confirmDeleteLab(client, labStore)}
          onDismiss={() => dismissDeleteLab(labStore)}
        />
      ) : null}
    </section>
  );
}
