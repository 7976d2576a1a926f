// Bundle entry for the `meshdeck` binary (bin/meshdeck.mjs imports the built file).
import { runCli } from './run-cli';

await runCli(process.argv.slice(2));
