export { createCore, type Core, type CoreOptions, type DashboardPaneHandlers } from './create-core';
export { createProcessCore, type ProcessCoreOptions } from './process-core';
export { appDataDir } from '../paths';
export { defaultLab } from './default-lab';
