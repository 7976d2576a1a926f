// Contract handlers for the dashboards: health and repair everywhere, native panes only where
// the face provides them (the desktop app); elsewhere those calls are refused with the reason.
import { AppError } from '../../contract';
import { readDashboardsHealth } from '../../gateways';
import { recallLab, type LabServiceWithRequests } from '../../lab';
import type { Handlers } from '../../rpc';
import type { LabClients } from '../lab-clients';

export type DashboardPaneHandlers = Pick<Handlers, 'dashboards.show' | 'dashboards.hide' | 'dashboards.navigate'>;
type DashboardHandlers = DashboardPaneHandlers & Pick<Handlers, 'dashboards.health' | 'dashboards.repair'>;

function noDashboardPanes(): never {
  throw new AppError('INVALID_ARGUMENT', 'Dashboard panes are placed only by the desktop app; in a browser, MeshDeck shows dashboards in frames.');
}

export function dashboardHandlers(lab: LabServiceWithRequests, labClients: LabClients, dataDir: string, panes: DashboardPaneHandlers | undefined): DashboardHandlers {
  return {
    'dashboards.health': async () => readDashboardsHealth({ status: await lab.status({}), clients: () => labClients.get(), signal: AbortSignal.timeout(20_000) }),
    // The plan again, for the lab it was last run for: only the steps that are not done run.
    'dashboards.repair': async () => ({ taskId: lab.up(await recallLab(dataDir)).id }),
    'dashboards.show': panes?.['dashboards.show'] ?? noDashboardPanes,
    'dashboards.hide': panes?.['dashboards.hide'] ?? noDashboardPanes,
    'dashboards.navigate': panes?.['dashboards.navigate'] ?? noDashboardPanes,
  };
}
