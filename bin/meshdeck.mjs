#!/usr/bin/env node
// Launcher for the built CLI; tells the user how to build it when it is missing.
import { existsSync } from 'node:fs';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`meshdeck: Node.js 22.12 or newer is needed (this is ${process.versions.node}). Install a newer Node.js and try again.`);
  process.exit(1);
}
const built = new URL('../out/cli/meshdeck.js', import.meta.url);
if (!existsSync(built)) {
  console.error('meshdeck: the app is not built yet. Run `npm run build` in the MeshDeck folder, then try again.');
  process.exit(1);
}
await import(built.href);
