// The app frame: title bar, section navigation and the current section. It loads the core's
// status once and listens to task events for as long as it is mounted.

import { useEffect } from 'react';
import { useCore, useReconnected } from '../client-context';
import { SECTIONS, sectionFromHash } from '../model/sections';
import { useAppStore } from '../state/app-store';
import { doctorStore, refreshDoctor } from '../state/doctor-store';
import { labStore, refreshLab } from '../state/lab-store';
import { AppHeader } from './AppHeader';
import { DashboardsView } from './dashboards/DashboardsView';
import { EmptySection } from './EmptySection';
import { ErrorNotice } from './ErrorNotice';
import { LogsView } from './logs/LogsView';
import { SetupView } from './SetupView';
import { SideNav } from './SideNav';
import { TrafficView } from './traffic/TrafficView';

export function App() {
  const { client, connection } = useCore();
  const section = useAppStore((state) => state.section);
  const status = useAppStore((state) => state.status);
  const statusError = useAppStore((state) => state.statusError);
  const showSection = useAppStore((state) => state.showSection);
  const loadStatus = useAppStore((state) => state.loadStatus);

  useEffect(() => {
    void loadStatus(client);
    return client.on('task:update', (task) => {
      doctorStore.getState().dispatch({ type: 'task-updated', task });
      labStore.getState().dispatch({ type: 'task-updated', task });
    });
  }, [client, loadStatus]);

  // After a dropped connection, events may have been missed: read the state again.
  useReconnected(() => {
    void loadStatus(client);
    void refreshDoctor(client, doctorStore);
    void refreshLab(client, labStore);
  });

  // The section follows the address (#/traffic), so reload and back/forward keep the place.
  useEffect(() => {
    const follow = () => showSection(sectionFromHash(window.location.hash));
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [showSection]);

  function open(next: typeof section) {
    if (sectionFromHash(window.location.hash) !== next) window.location.hash = `#/${next}`;
    showSection(next);
  }

  const current = SECTIONS.find((entry) => entry.id === section) ?? SECTIONS[0]!;
  return (
    <div className="shell">
      <AppHeader status={status} connection={connection} />
      <SideNav current={section} onSelect={open} />
      <main className="content" id="content">
        {statusError && !status ? (
          <div className="page page-notice">
            <ErrorNotice error={statusError} />
          </div>
        ) : null}
        {current.id === 'setup' ? (
          <SetupView />
        ) : current.id === 'traffic' ? (
          <TrafficView onOpenSetup={() => open('setup')} />
        ) : current.id === 'logs' ? (
          <LogsView />
        ) : current.id === 'dashboards' ? (
          <DashboardsView onOpenSetup={() => open('setup')} />
        ) : (
          <EmptySection section={current} onOpenSetup={() => open('setup')} />
        )}
      </main>
    </div>
  );
}
