// The chart's view of the split the mesh reports for its service, read while it is shown
// (state/telemetry-poll.ts); nothing of a previous service is shown for the next one.

import { useEffect, useState } from 'react';
import type { Client } from '../../../../core/contract';
import { LOADING_TELEMETRY, pollTelemetry, type TelemetryView } from '../../state/telemetry-poll';

export type { TelemetryView } from '../../state/telemetry-poll';

export function useTelemetrySeries(client: Pick<Client, 'call'>, service: string, namespace: string, rangeSeconds: number): TelemetryView {
  const key = `${namespace}/${service}/${rangeSeconds}`;
  const [view, setView] = useState<{ key: string; view: TelemetryView }>({ key: '', view: LOADING_TELEMETRY });
  useEffect(() => pollTelemetry(client, { service, namespace, rangeSeconds }, (next) => setView({ key, view: next })), [client, service, namespace, rangeSeconds, key]);
  return view.key === key ? view.view : LOADING_TELEMETRY;
}
