// The app frame: title bar, section navigation and the current section. While it is mounted
// the stores are connected to the core (connect-stores.ts): events and reconnects reach them.

import { useEffect, useState } from 'react';
import { useCore } from '../client-context';
import { isPresenterHash, SECTIONS, sectionFromHash } from '../model/sections';
import { showSection, useAppState } from '../state/app-store';
import { connectStores } from '../state/connect-stores';
import { AppHeader } from './AppHeader';
import { BrowserModeBanner } from './BrowserModeBanner';
import { DashboardsView } from './dashboards/DashboardsView';
import { EmptySection } from './EmptySection';
import { ErrorNotice } from './ErrorNotice';
import { LogsView } from './logs/LogsView';
import { SetupView } from './SetupView';
import { SideNav } from './SideNav';
import { TrafficView } from './traffic/TrafficView';
import { PresenterView } from './workshop/PresenterView';
import { WorkshopView } from './workshop/WorkshopView';

export function App() {
  const { client, connection } = useCore();
  const section = useAppState((state) => state.section);
  const status = useAppState((state) => state.status);
  const statusError = useAppState((state) => state.statusError);
  const [presenting, setPresenting] = useState(() => isPresenterHash(window.location.hash));

  useEffect(() => connectStores(client, connection), [client, connection]);

  // The section follows the address (#/traffic), so reload and back/forward keep the place.
  useEffect(() => {
    const follow = () => {
      showSection(sectionFromHash(window.location.hash));
      setPresenting(isPresenterHash(window.location.hash));
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);

  function open(next: typeof section) {
    if (sectionFromHash(window.location.hash) !== next) window.location.hash = `#/${next}`;
    showSection(next);
  }

  const current = SECTIONS.find((entry) => entry.id === section) ?? SECTIONS[0]!;
  // The presenter view is the whole window: a projector shows the lesson, not the app's frame.
  if (presenting && current.id === 'workshop') return <PresenterView />;
  return (
    <div className="shell">
      <AppHeader status={status} connection={connection} />
      {connection ? <BrowserModeBanner connection={connection} /> : null}
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
        ) : current.id === 'workshop' ? (
          <WorkshopView />
        ) : (
          <EmptySection section={current} onOpenSetup={() => open('setup')} />
        )}
      </main>
    </div>
  );
}
