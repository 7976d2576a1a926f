export { createCore, type Core, type CoreOptions, type DashboardPaneHandlers } from './create-core';
export { appDataDir, toolsDir } from './paths';
export { defaultLab } from './default-lab';
export { createLabClients, type LabClients } from './lab-clients';
