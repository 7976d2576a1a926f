// VirtualService `fault` to what the client-side proxy does for one request: roll the delay and
// the abort percentages (each independently, as Envoy's fault filter does) with the injected
// random source. A missing percentage means every request. It does not sleep or answer.
import { durationMs } from './duration.js';
import type { HttpFaultInjection } from './mesh-config.js';
import { rollPercent, type RandomSource } from './weighted-pick.js';

export interface FaultOutcome {
  delayMs?: number;
  abortStatus?: number;
}

export function rollFault(fault: HttpFaultInjection | undefined, random: RandomSource): FaultOutcome {
  const outcome: FaultOutcome = {};
  if (fault?.delay) {
    const percent = fault.delay.percentage?.value ?? fault.delay.percent ?? 100;
    const delay = durationMs(fault.delay.fixedDelay);
    if (delay !== undefined && rollPercent(percent, random)) outcome.delayMs = delay;
  }
  if (fault?.abort?.httpStatus !== undefined) {
    if (rollPercent(fault.abort.percentage?.value ?? 100, random)) outcome.abortStatus = fault.abort.httpStatus;
  }
  return outcome;
}
