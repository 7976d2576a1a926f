// Runs @doyensec/electronegativity on one folder and prints its findings as JSON on stdout.
// Usage: node electronegativity-scan.mjs <input dir> <electron version>
// The tool fetches updated translations from the internet before scanning; tests stay on
// loopback, so that fetch is replaced by one that fails at once (the bundled English is used).
// The tool is CommonJS and the stub must sit in its module cache, hence createRequire.
import { createRequire } from 'node:module';
import path from 'node:path';

const load = createRequire(path.join(process.cwd(), 'package.json'));
const [input, electronVersion] = process.argv.slice(2);
const toolDir = path.dirname(load.resolve('@doyensec/electronegativity/package.json'));
const gotPath = load.resolve('got', { paths: [path.join(toolDir, 'dist', 'locales')] });
const offline = () => Promise.reject(new Error('offline: tests make no internet requests'));
load.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: Object.assign(offline, { default: offline }) };

const run = load(path.join(toolDir, 'dist', 'runner.js'));
// The runner logs progress chatter through console.log; stdout carries only the JSON.
console.log = () => {};
run({ input, isRelative: true, electronVersionOverride: electronVersion }).then(
  (result) => {
    const issues = result.issues.map((issue) => ({
      id: issue.id,
      file: issue.file,
      line: issue.location.line,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      description: issue.description,
    }));
    process.stdout.write(JSON.stringify({ checks: result.atomicChecks + result.globalChecks, errors: result.errors, issues }));
  },
  (error) => {
    process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
