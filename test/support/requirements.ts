// Decides whether a test that needs a real peer (Docker engine, Chromium, Prometheus, a registry) runs. On a user's
// machine a missing peer skips with a message; in CI (.ci/run sets MESHDECK_REQUIRE_*) it fails.

import { existsSync } from 'node:fs';
import Docker from 'dockerode';
import { prometheusBinary } from '../world/prometheus/prometheus-runtime.js';
import { REGISTRY_BINARY } from '../world/registry/registry-server.js';

export interface Requirement {
  available: boolean;
  reason: string;
}

async function probeDocker(): Promise<Requirement> {
  try {
    await new Docker().ping();
    return { available: true, reason: '' };
  } catch (error) {
    return { available: false, reason: `no Docker engine answers (${error instanceof Error ? error.message : String(error)})` };
  }
}

function probeChromium(): Requirement {
  const path = chromiumPath();
  return existsSync(path) ? { available: true, reason: '' } : { available: false, reason: `no Chromium at ${path} (set CHROMIUM_PATH)` };
}

function probePrometheus(): Requirement {
  const path = prometheusBinary();
  return existsSync(path) ? { available: true, reason: '' } : { available: false, reason: `no Prometheus at ${path} (apt-get install prometheus, or set MESHDECK_PROMETHEUS)` };
}

/** Debian's docker-registry, the world's real registry (test/world/registry). */
function probeRegistry(): Requirement {
  return existsSync(REGISTRY_BINARY) ? { available: true, reason: '' } : { available: false, reason: `no registry at ${REGISTRY_BINARY} (apt-get install docker-registry)` };
}

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

function settle(name: string, requirement: Requirement, requiredBy: string | undefined): boolean {
  if (requirement.available) return true;
  if (process.env[requiredBy ?? ''] === '1' || process.env.CI === 'true') {
    throw new Error(`This test needs ${name}, but ${requirement.reason}. CI must provide it (see .ci/run).`);
  }
  console.warn(`Skipping tests that need ${name}: ${requirement.reason}.`);
  return false;
}

/** True when Docker answers; false (skip) on a dev machine without it; throws in CI. */
export async function hasDocker(): Promise<boolean> {
  return settle('a Docker engine', await probeDocker(), 'MESHDECK_REQUIRE_DOCKER');
}

export function hasChromium(): boolean {
  return settle('Chromium', probeChromium(), 'MESHDECK_REQUIRE_CHROMIUM');
}

/** True when the world's real registry can run; false (skip) on a dev machine without it; throws in CI. */
export function hasRegistry(): boolean {
  return settle('a registry', probeRegistry(), 'MESHDECK_REQUIRE_REGISTRY');
}

/** True when the world can run the real Prometheus (Debian's package); false (skip) on a dev machine without it; throws in CI. */
export function hasPrometheus(): boolean {
  return settle('Prometheus', probePrometheus(), 'MESHDECK_REQUIRE_PROMETHEUS');
}
