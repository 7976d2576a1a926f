import { defineConfig } from 'vitest/config';

// Three projects. `unit`: everything that needs no Docker, no browser, no test world and no build
// (npm run test:unit, the fast inner loop). `world`: tests that start part of the test world (its
// API server, release mirror, mesh data plane, kind or istioctl stand-ins), use Docker, or run the
// built app (the CLI as a child process, the built bundles); npm run test:world. `e2e`: browser
// specs (system Chromium through playwright-core) against the built renderer; npm run test:e2e.
// Every project first looks for the upstream Istio reference files once (reference-setup.ts).
const worldTests = [
  '**/*.world.test.ts',
  '**/*.docker.test.ts',
  '**/*.lab.test.ts',
  'test/{cli,faults,lab,logs,shell,traffic}/**/*.test.ts',
  'test/world/{client-node,exec,kubectl,logs-retention,proof}.test.ts',
  'test/world/{istioctl,mirror}/**/*.test.ts',
  'test/world/kind/{kind-cli,node-ports,world-delays}.test.ts',
  'test/world/mesh/mesh-world.test.ts',
  'test/world/workstation/world-command.test.ts',
  'core/istio/istioctl-cli.test.ts',
  'core/kind/kind-cli.test.ts',
  'core/kube/kube.test.ts',
  'core/tools/{download,ensure-istio,ensure-kind}.test.ts',
  'core/traffic/upstream-tasks.test.ts',
  'test/electron/preload-bundle.test.ts',
  'test/security/electronegativity.test.ts',
];
// Tests that change what every other test relies on (the host Docker's images) run alone, after the rest.
const aloneTests = ['test/lab/offline-kit.test.ts', 'core/kit/kit-images.docker.test.ts'];
const globalSetup = ['./test/support/reference-setup.ts', './test/support/stand-ins-setup.ts'];
// World and e2e runs share one real registry of stand-in images (MESHDECK_IMAGE_MIRROR).
const worldGlobalSetup = [...globalSetup, './test/support/world-registry-setup.ts'];

export default defineConfig({
  test: {
    // Vitest's default is one worker per core less one: a single worker on the two-core machines
    // CI runs on, and world tests mostly wait on the world (pods' delays, Docker, Prometheus
    // scrapes), so two files at a time halve the wall time without starving either.
    maxWorkers: 2,
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['core/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
          exclude: ['**/node_modules/**', ...worldTests],
          environment: 'node',
          globalSetup,
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'world',
          include: worldTests,
          exclude: ['**/node_modules/**', ...aloneTests],
          environment: 'node',
          globalSetup: worldGlobalSetup,
          // A whole lab plan (Docker containers, stand-in processes, host pulls and the node's
          // load) takes ~40 s alone on two loaded cores; three times that leaves room for CI load
          // without hiding a hang.
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          // The offline kit's proofs remove the lab's images (the node image too) from the host's Docker: run them when
          // nothing else is using them (group 1 starts once every group-0 project is done).
          name: 'world-alone',
          include: aloneTests,
          exclude: ['**/node_modules/**'],
          environment: 'node',
          globalSetup: worldGlobalSetup,
          testTimeout: 240_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.spec.ts'],
          environment: 'node',
          globalSetup: worldGlobalSetup,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
