export * from './releases';
