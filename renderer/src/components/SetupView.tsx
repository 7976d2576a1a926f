// The Setup screen: the list of labs (when there is more than one), the lab card ("Create my
// mesh", its steps, or the running lab), then the doctor's real report on this machine, with
// progress while it runs, a verdict, one row per finding, and a way to run the checks again or
// cancel them.

import { useEffect } from 'react';
import { useCore } from '../client-context';
import { cancelDoctor, currentDoctorLogs, currentTask, doctorStore, isRunning, resumeOrRunDoctor, runDoctor, useDoctorState } from '../state/doctor-store';
import { DoctorBanner } from './DoctorBanner';
import { ErrorNotice } from './ErrorNotice';
import { FindingItem } from './FindingItem';
import { ImagesSection } from './ImagesSection';
import { KitSection } from './KitSection';
import { Icon } from './Icon';
import { LabCard } from './LabCard';
import { LabList } from './LabList';
import { TaskProgress } from './TaskProgress';
import '../styles/labs.css';
import '../styles/images.css';

export function SetupView() {
  const { client } = useCore();
  const running = useDoctorState(isRunning);
  const task = useDoctorState(currentTask);
  const logs = useDoctorState(currentDoctorLogs);
  const report = useDoctorState((state) => state.lastReport);
  const requestError = useDoctorState((state) => state.requestError);

  useEffect(() => {
    void resumeOrRunDoctor(client, doctorStore);
  }, [client]);

  const finished = running ? null : task;
  return (
    <div className="page" data-testid="section-setup">
      <header className="page-header">
        <div>
          <h1 className="page-title">Setup</h1>
          <p className="page-subtitle">A local Istio mesh in one click, and whether this machine is ready for it.</p>
        </div>
      </header>

      <LabList />
      <LabCard />

      <header className="section-header">
        <div>
          <h2 className="section-title">This machine</h2>
          <p className="section-subtitle">
            The Docker engine and what it may use, kernel limits, free ports for the gateway, existing kind clusters, the kind and istioctl
            tools, disk space for the images and Docker Hub's pull limit.
          </p>
        </div>
        <div className="page-actions">
          {running && task ? (
            <button type="button" className="button button-secondary" onClick={() => void cancelDoctor(client, doctorStore)}>
              <Icon name="stop" size={16} />
              Cancel
            </button>
          ) : null}
          <button type="button" className="button button-secondary" onClick={() => void runDoctor(client, doctorStore)} disabled={running}>
            <Icon name="refresh" size={16} />
            {report || finished ? 'Run checks again' : 'Run checks'}
          </button>
        </div>
      </header>

      {requestError ? <ErrorNotice error={requestError} /> : null}
      {finished?.state === 'failed' ? (
        <ErrorNotice error={finished.error ?? { code: 'INTERNAL', message: 'The checks stopped without saying why. Run them again.' }} />
      ) : null}
      {finished?.state === 'cancelled' ? (
        <div className="notice notice-neutral" role="status">
          <span className="notice-icon">
            <Icon name="info" size={20} />
          </span>
          <div className="notice-body">
            <p className="notice-title">Checks cancelled</p>
            <p className="notice-message">{report ? 'The findings below are from the previous run.' : 'Run the checks to see how this machine is doing.'}</p>
          </div>
        </div>
      ) : null}

      {running ? <TaskProgress task={task} logs={logs} label="Checking this machine" /> : null}

      {report ? (
        <div className={`report${running ? ' report-stale' : ''}`} aria-busy={running}>
          <DoctorBanner report={report} />
          <ul className="findings" aria-label="Findings">
            {report.findings.map((finding) => (
              <FindingItem key={finding.id} finding={finding} />
            ))}
          </ul>
        </div>
      ) : null}
      <ImagesSection />
      <KitSection />
    </div>
  );
}
