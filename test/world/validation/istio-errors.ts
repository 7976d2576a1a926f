// Istio's validation errors as values: plain errors and hashicorp/go-multierror lists, so the
// webhook's answer prints exactly as istiod's does ("1 error occurred:\n\t* …" when a check used
// multierror.Append directly, the bare text when agent.AppendErrors met a single error).
export type IstioError = { kind: 'plain'; text: string } | { kind: 'multi'; items: string[] } | undefined;

export function fail(text: string): IstioError {
  return { kind: 'plain', text };
}

function items(error: IstioError): string[] {
  if (!error) return [];
  return error.kind === 'plain' ? [error.text] : error.items;
}

/** agent.AppendErrors / AppendValidation: nil stays nil, one error stays itself. */
export function appendErrors(first: IstioError, ...rest: IstioError[]): IstioError {
  let out = first;
  for (const next of rest) {
    if (!next) continue;
    out = out ? { kind: 'multi', items: [...items(out), ...items(next)] } : next;
  }
  return out;
}

/** multierror.Append: always a multierror, even around one error. */
export function multiAppend(first: IstioError, next: IstioError): IstioError {
  return { kind: 'multi', items: [...items(first), ...items(next)] };
}

/** multierror.Error's default ErrorFormat. */
export function errorText(error: IstioError): string {
  if (!error) return '';
  if (error.kind === 'plain') return error.text;
  const points = error.items.map((e) => `* ${e}`);
  if (points.length === 1) return `1 error occurred:\n\t${points[0]}\n\n`;
  return `${points.length} errors occurred:\n\t${points.join('\n\t')}\n\n`;
}
