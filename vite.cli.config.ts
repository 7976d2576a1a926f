import { defineConfig } from 'vite';

// Bundles the `meshdeck` CLI (core/cli) for Node; npm dependencies stay external.
export default defineConfig({
  build: {
    ssr: 'core/cli/entry.ts',
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node22',
    sourcemap: true,
    rollupOptions: { output: { entryFileNames: 'meshdeck.js', format: 'es' } },
  },
});
