// Reads what `istioctl x check-inject` prints (istioctl/pkg/checkinject/checkinject.go): a table
// WEBHOOK / REVISION / INJECTED / REASON, one row per Istio injector webhook configuration, the
// INJECTED mark coloured even off a terminal; or "ERROR: no Istio injection hooks present." Pure.

export interface CheckInjectRow {
  /** The MutatingWebhookConfiguration, e.g. istio-sidecar-injector. */
  webhook: string;
  /** Its istio.io/rev label ("default"), empty when it has none. */
  revision: string;
  injected: boolean;
  /** istioctl's words, e.g. "Namespace label istio-injection=enabled matches". */
  reason: string;
}

export interface CheckInjectResult {
  /** False when the cluster has no Istio injector webhook at all. */
  hooksPresent: boolean;
  rows: CheckInjectRow[];
}

// The ANSI colour codes istioctl always prints around the INJECTED mark.
const ANSI = /\x1b\[[0-9;]*m/g;
const ROW = /^(\S+)\s+(\S*?)\s*(✔|✘)\s+(.*)$/;

export function parseCheckInject(stdout: string): CheckInjectResult {
  const lines = stdout.replace(ANSI, '').split('\n');
  if (lines.some((line) => line.startsWith('ERROR: no Istio injection hooks present'))) return { hooksPresent: false, rows: [] };
  const rows = lines.flatMap((line): CheckInjectRow[] => {
    const match = ROW.exec(line.trimEnd());
    if (!match || match[1] === 'WEBHOOK') return [];
    return [{ webhook: match[1]!, revision: match[2]!, injected: match[3] === '✔', reason: match[4]!.trim() }];
  });
  return { hooksPresent: true, rows };
}
