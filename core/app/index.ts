export { createCore, type Core, type CoreOptions } from './create-core';
export { appDataDir, toolsDir } from './paths';
export { defaultLab } from './default-lab';
