// The contract between the core and its faces (desktop, browser, CLI): pure TypeScript only.
export * from './errors';
export * from './dto';
export * from './lab';
export * from './traffic';
export * from './telemetry';
export * from './weights';
export * from './policies';
export * from './workshop';
export * from './images';
export * from './format-bytes';
export * from './logs';
export * from './dashboards';
export * from './methods';
export * from './events';
export * from './protocol';
export * from './client';
export * as schema from './schema';
export { SchemaError } from './schema';
