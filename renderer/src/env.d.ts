// Vite bundles CSS imported for its side effect; this tells TypeScript such imports exist.
declare module '*.css';
