import { defineConfig } from 'vite';

// Bundles the `meshdeck` CLI (core/cli) for Node; npm dependencies stay external, except
// @kubernetes/client-node: loading its ~1,000 modules from node_modules took about 0.8 s of
// every CLI start (`meshdeck --version` included), one bundled file a fraction of that.
export default defineConfig({
  ssr: { noExternal: ['@kubernetes/client-node'] },
  build: {
    ssr: 'core/cli/entry.ts',
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node22',
    sourcemap: true,
    rollupOptions: { output: { entryFileNames: 'meshdeck.js', format: 'es' } },
  },
});
