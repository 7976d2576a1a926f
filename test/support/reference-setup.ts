// Vitest global setup: gets the upstream Istio reference files once per run, before any test
// file is collected, so the suites only look on disk (reference-suite.ts). Offline it costs one
// quick failed request and one line.
import { fetchIstioReference } from './istio-reference';

export default async function setup(): Promise<void> {
  await fetchIstioReference();
}
