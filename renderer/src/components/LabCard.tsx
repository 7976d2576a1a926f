// The lab part of the Setup screen. It shows, in this order of precedence: the lab task this
// screen follows (creating or deleting, with its steps), the lab the core reports (summary and
// links), or "Create my mesh". All state lives in the lab store; this only lays it out.

import { useEffect, type ReactNode } from 'react';
import type { LabOptionsInfo, LabStatusInfo, TaskInfo } from '../../../core/contract';
import { useCore } from '../client-context';
import { errorText } from '../model/error-text';
import { describeOptions } from '../model/lab-options';
import { useDoctorState } from '../state/doctor-store';
import {
  askDeleteLab,
  cancelLab,
  confirmDeleteLab,
  createLab,
  currentLabTask,
  currentStepLogs,
  dismissDeleteLab,
  failedStep,
  isLabBusy,
  labStore,
  loadKubeContexts,
  loadLabStatus,
  resumeLab,
  retryLab,
  useLabState,
} from '../state/lab-store';
import { ConfirmDialog } from './ConfirmDialog';
import { ErrorNotice } from './ErrorNotice';
import { Icon } from './Icon';
import { LabCreate } from './LabCreate';
import { LabLinks } from './LabLinks';
import { LabSteps } from './LabSteps';
import { LabSummary } from './LabSummary';
import { TaskProgress } from './TaskProgress';

export function LabCard() {
  const { client } = useCore();
  const status = useLabState((state) => state.status);
  const task = useLabState(currentLabTask);
  const logs = useLabState(currentStepLogs);
  const busy = useLabState(isLabBusy);
  const requesting = useLabState((state) => state.requesting);
  const requestError = useLabState((state) => state.requestError);
  const lastOptions = useLabState((state) => state.lastOptions);
  const confirmingDelete = useLabState((state) => state.confirmingDelete);
  const contexts = useLabState((state) => state.contexts);
  const report = useDoctorState((state) => state.lastReport);
  const failedChecks = report ? report.findings.filter((finding) => finding.status === 'fail') : [];

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
  const running = task?.state === 'running';

  let body: ReactNode;
  if (showTask && task) {
    body = <TaskBody task={task} logs={logs} present={present} options={lastOptions} onRetry={() => void retryLab(client, labStore)} busy={busy} />;
  } else if (status.kind === 'unknown' || status.kind === 'loading') {
    body = (
      <p className="lab-looking" role="status">
        <span className="spinner" aria-hidden="true" />
        Looking for a lab on this machine…
      </p>
    );
  } else if (present) {
    body = <PresentBody status={present} busy={busy} onFinish={() => void createLab(client, labStore, lastOptions)} />;
  } else {
    const unsupported = status.kind === 'error' && status.error.code === 'NOT_FOUND';
    body = (
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

  const heading = headingFor(task, showTask, present);
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
          {running ? (
            <button type="button" className="button button-secondary" onClick={() => void cancelLab(client, labStore)} data-testid="lab-cancel">
              <Icon name="stop" size={16} />
              Cancel
            </button>
          ) : null}
          {!busy && (present || (showTask && task?.kind === 'lab-up')) ? (
            <button type="button" className="button button-quiet" onClick={() => askDeleteLab(labStore)} data-testid="lab-delete">
              <Icon name="trash" size={16} />
              Delete lab…
            </button>
          ) : null}
        </div>
      </header>
      {requestError ? <ErrorNotice error={requestError} /> : null}
      {body}
      {confirmingDelete ? (
        <ConfirmDialog
          title="Delete the lab?"
          confirmLabel="Delete lab"
          testId="lab-delete-dialog"
          onConfirm={() => void confirmDeleteLab(client, labStore)}
          onDismiss={() => dismissDeleteLab(labStore)}
        >
          {present?.provider === 'context' ? (
            <p>
              This removes what MeshDeck set up on the cluster behind context <code>{present.context}</code>. The cluster itself stays.
            </p>
          ) : (
            <p>
              This deletes the kind cluster <strong>{present?.name ?? lastOptions.name ?? 'meshdeck'}</strong> and everything in it: Istio, Bookinfo, the
              dashboards and any changes you made. Downloaded tools stay cached, so creating it again is quicker.
            </p>
          )}
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function headingFor(task: TaskInfo | null, showTask: boolean, present: LabStatusInfo | null): { title: string; subtitle: string } {
  if (showTask && task?.kind === 'lab-down') {
    if (task.state === 'running') return { title: 'Deleting the lab…', subtitle: 'Removing the cluster and everything in it.' };
    return { title: 'The lab was not deleted', subtitle: task.state === 'cancelled' ? 'Deleting was cancelled.' : 'Deleting stopped on a problem.' };
  }
  if (showTask && task) {
    const steps = task.steps ?? [];
    const finished = steps.filter((step) => step.state === 'done' || step.state === 'reused').length;
    const counted = steps.length > 0 ? ` · ${finished} of ${steps.length} steps` : '';
    switch (task.state) {
      case 'running':
        return { title: 'Creating your mesh…', subtitle: `${task.step || 'Starting'}${counted}` };
      case 'succeeded':
        return { title: 'Your mesh is ready', subtitle: 'Istio, Bookinfo and the dashboards are up. Open them below.' };
      case 'failed':
        return { title: 'Your mesh is not ready yet', subtitle: `The plan stopped${counted ? ` after ${finished} of ${steps.length} steps` : ''}. Fix the problem below, then retry: finished steps are not redone.` };
      case 'cancelled':
        return { title: 'Creating your mesh was cancelled', subtitle: `Nothing is left half-done${counted ? `; ${finished} of ${steps.length} steps are finished` : ''}. Continue to pick up where it stopped.` };
    }
  }
  if (present) return present.problem ? { title: 'Your mesh needs attention', subtitle: 'The lab is there, but not all of it is ready.' } : { title: 'Your mesh', subtitle: 'Running on this machine.' };
  return { title: 'Your mesh', subtitle: 'There is no lab on this machine yet.' };
}

function TaskBody({ task, logs, present, options, onRetry, busy }: { task: TaskInfo; logs: ReturnType<typeof currentStepLogs>; present: LabStatusInfo | null; options: LabOptionsInfo; onRetry: () => void; busy: boolean }) {
  const result = task.result?.kind === 'lab' ? task.result.status : null;
  const steps = task.steps ?? [];
  const failedWithoutStep = task.state === 'failed' && task.error && !steps.some((step) => step.state === 'failed');
  const failed = task.state === 'failed' ? failedStep(task) : null;
  const stopped = failed?.error ? { title: failed.title, error: failed.error } : null;
  return (
    <>
      {task.state === 'succeeded' && result ? (
        <>
          <LabLinks urls={result.urls} />
          <LabSummary status={result} />
        </>
      ) : null}
      {stopped ? (
        <p className="lab-stopped" data-testid="lab-stopped">
          <Icon name="fail" size={16} />
          <span>
            Stopped at <strong>{stopped.title}</strong>: {errorText(stopped.error).title.toLowerCase()}. The step below says why and what to do.
          </span>
        </p>
      ) : null}
      {failedWithoutStep && task.error ? <ErrorNotice error={task.error} /> : null}
      {task.state === 'failed' || task.state === 'cancelled' ? (
        <div className="lab-retry-row">
          <button type="button" className="button button-primary" onClick={onRetry} disabled={busy} data-testid="lab-retry">
            <Icon name="refresh" size={16} />
            {task.state === 'failed' ? 'Retry' : 'Continue'}
          </button>
          <span className="lab-retry-hint">{task.kind === 'lab-up' ? `Runs the plan again with the same options (${describeOptions(options)}).` : ''}</span>
        </div>
      ) : null}
      {steps.length > 0 ? (
        task.state === 'succeeded' ? (
          <details className="lab-done-steps">
            <summary>All {steps.length} steps finished · show them and their logs</summary>
            <LabSteps taskId={task.id} steps={steps} logs={logs} />
          </details>
        ) : (
          <LabSteps taskId={task.id} steps={steps} logs={logs} />
        )
      ) : task.state === 'running' ? (
        <TaskProgress task={task} logs={logs} label={task.title} />
      ) : null}
      {task.state !== 'succeeded' && present && task.kind === 'lab-down' ? <LabSummary status={present} /> : null}
    </>
  );
}

function PresentBody({ status, busy, onFinish }: { status: LabStatusInfo; busy: boolean; onFinish: () => void }) {
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
