// A real core (createCore, face cli) whose lab is an existing cluster, and a client of it over
// the in-process bridge, as a CLI command gets one: for tests that drive a command against the
// test world without bringing a lab up. Everything but the lab's target is refused.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError, createClient, type Client } from '../../core/contract';
import { createCore } from '../../core/app';
import type { LabServiceWithRequests, LabTarget } from '../../core/lab';
import { connectInProcess } from '../../core/rpc';

export interface ClusterCore {
  client: Client;
  close(): Promise<void>;
}

function notHere(): never {
  throw new AppError('INVALID_ARGUMENT', 'This test core has a cluster, not a lab.');
}

export async function startClusterCore(target: Omit<LabTarget, 'bookinfoUrl'>): Promise<ClusterCore> {
  const dataDir = await mkdtemp(join(tmpdir(), 'meshdeck-cluster-core-'));
  const lab: LabServiceWithRequests = {
    target: async () => ({ ...target, bookinfoUrl: 'http://127.0.0.1:9/productpage' }),
    up: notHere,
    upWith: notHere,
    status: notHere,
    down: notHere,
    removal: notHere,
    list: notHere,
    select: notHere,
    reset: notHere,
    contexts: notHere,
  };
  const core = createCore({ face: 'cli', dataDir, doctorDeps: notHere, lab: () => lab });
  const bridge = connectInProcess(core);
  return {
    client: createClient(bridge),
    close: async () => {
      bridge.close();
      core.dispose();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
