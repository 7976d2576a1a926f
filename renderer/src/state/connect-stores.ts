// Connects every store to the client, once, for as long as the app runs: each store's own
// connect function subscribes it to the events it needs (tasks, generator runs), and when the
// connection comes back after a drop (events may have been missed, streams were ended) each
// store reads again what it shows. Screens only call flows; they never subscribe themselves.

import type { Client } from '../../../core/contract';
import { onReconnected } from '../transport/reconnected';
import type { ConnectionMonitor } from '../transport/websocket-bridge';
import { appStore, connectAppStore, type AppStore } from './app-store';
import { connectDashboardsStore, dashboardsStore, type DashboardsStore } from './dashboards-store';
import { connectDoctorStore, doctorStore, type DoctorStore } from './doctor-store';
import { connectGeneratorStore, generatorStore, type GeneratorStore } from './generator-store';
import { connectImagesStore, imagesStore, type ImagesStore } from './images-store';
import { connectKitStore, kitStore, type KitStore } from './kit-store';
import { connectLabStore, labStore, type LabStore } from './lab-store';
import { connectLabsStore, labsStore, type LabsStore } from './labs-store';
import { connectLogsStore, logsStore, type LogsStore } from './logs-store';
import type { StoreConnection } from './reducer-store';
import { connectRoutingStore, routingStore, type RoutingStore } from './routing-store';
import { connectShellTabs, shellTabs } from './shell-tabs';
import { connectWorkshopStore, workshopStore, type WorkshopStore } from './workshop-store';

export interface AppStores {
  app: AppStore;
  doctor: DoctorStore;
  lab: LabStore;
  labs: LabsStore;
  dashboards: DashboardsStore;
  logs: LogsStore;
  routing: RoutingStore;
  generator: GeneratorStore;
  workshop: WorkshopStore;
  images: ImagesStore;
  kit: KitStore;
}

export const APP_STORES: AppStores = {
  app: appStore,
  doctor: doctorStore,
  lab: labStore,
  labs: labsStore,
  dashboards: dashboardsStore,
  logs: logsStore,
  routing: routingStore,
  generator: generatorStore,
  workshop: workshopStore,
  images: imagesStore,
  kit: kitStore,
};

/** Returns the disconnect: every subscription made here ends. */
export function connectStores(client: Pick<Client, 'call' | 'on'>, connection: ConnectionMonitor | null, stores: AppStores = APP_STORES): () => void {
  const connections: StoreConnection[] = [
    connectAppStore(client, stores.app),
    connectDoctorStore(client, stores.doctor),
    connectLabStore(client, stores.lab),
    connectLabsStore(client, stores.labs),
    connectDashboardsStore(client, stores.dashboards),
    connectLogsStore(client, stores.logs),
    connectRoutingStore(client, stores.routing),
    connectGeneratorStore(client, stores.generator),
    connectWorkshopStore(client, stores.workshop),
    connectImagesStore(client, stores.images),
    connectKitStore(client, stores.kit),
    // The shells need no client here: a lost connection only ends their sessions.
    connectShellTabs(shellTabs, connection),
  ];
  const offReconnected = connection ? onReconnected(connection, () => connections.forEach((each) => void each.refresh())) : () => undefined;
  return () => {
    offReconnected();
    for (const each of connections) each.disconnect();
  };
}
