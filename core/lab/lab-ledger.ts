// What MeshDeck installed on a user's own cluster (`up --context`), noted while the plan runs
// in `<dataDir>/labs/<name>/installed.json`, so `down` removes exactly that and nothing it found
// there: Istio only when the istio step installed it, the injection label only when MeshDeck set
// it, and each object of Bookinfo, the addons and the gateways that MeshDeck created. Notes are
// written as they happen (a cancelled `up` has noted what it made) and one at a time.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApplyResult } from '../kube';
import { writeJsonAtomic } from '../tools';

export type InstalledPart = 'bookinfo' | 'addons' | 'gateways';

export interface InstalledObject {
  part: InstalledPart;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface InstalledLedger {
  /** The istio step ran `istioctl install` where there was no istiod. */
  istio: boolean;
  /** The istio-system namespace did not exist before that install. */
  istioNamespace: boolean;
  /** The namespace whose istio-injection label MeshDeck set (it was not there before). */
  injectionLabel?: string;
  objects: InstalledObject[];
}

export const EMPTY_LEDGER: InstalledLedger = { istio: false, istioNamespace: false, objects: [] };

export function ledgerPath(labDir: string): string {
  return join(labDir, 'installed.json');
}

export function readLedger(labDir: string): InstalledLedger {
  try {
    const value = JSON.parse(readFileSync(ledgerPath(labDir), 'utf8')) as Partial<InstalledLedger>;
    const objects = Array.isArray(value.objects) ? value.objects.filter((o): o is InstalledObject => typeof o?.kind === 'string' && typeof o.name === 'string' && typeof o.apiVersion === 'string' && ['bookinfo', 'addons', 'gateways'].includes(o.part)) : [];
    return { istio: value.istio === true, istioNamespace: value.istioNamespace === true, ...(typeof value.injectionLabel === 'string' ? { injectionLabel: value.injectionLabel } : {}), objects };
  } catch {
    return { ...EMPTY_LEDGER, objects: [] };
  }
}

const sameObject = (a: InstalledObject, b: InstalledObject) => a.kind === b.kind && a.apiVersion === b.apiVersion && a.name === b.name && a.namespace === b.namespace;

/** Notes into one lab's ledger; each note is on disk when its promise resolves. */
export class LedgerWriter {
  private ledger: InstalledLedger;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly labDir: string) {
    this.ledger = readLedger(labDir);
  }

  private note(change: (ledger: InstalledLedger) => InstalledLedger): Promise<void> {
    this.chain = this.chain.then(async () => {
      this.ledger = change(this.ledger);
      await writeJsonAtomic(ledgerPath(this.labDir), this.ledger);
    });
    return this.chain;
  }

  istio(namespaceToo: boolean): Promise<void> {
    return this.note((ledger) => ({ ...ledger, istio: true, istioNamespace: ledger.istioNamespace || namespaceToo }));
  }

  injectionLabel(namespace: string): Promise<void> {
    return this.note((ledger) => ({ ...ledger, injectionLabel: namespace }));
  }

  /** Notes the objects of an apply that it created (not those it found). */
  created(part: InstalledPart, results: readonly ApplyResult[]): Promise<void> {
    const made = results
      .filter((r) => r.action === 'created')
      .map((r): InstalledObject => ({ part, apiVersion: r.apiVersion, kind: r.kind, name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}) }));
    if (made.length === 0) return this.chain;
    return this.note((ledger) => ({ ...ledger, objects: [...ledger.objects, ...made.filter((o) => !ledger.objects.some((known) => sameObject(known, o)))] }));
  }

  /** Resolves once every note so far is written. */
  settled(): Promise<void> {
    return this.chain;
  }
}
