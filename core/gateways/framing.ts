// Whether a dashboard's answer lets another page frame it, read from the two headers browsers
// obey: CSP `frame-ancestors` (wins when present) and X-Frame-Options. Also the CSP rewrite the
// desktop app's dashboard session uses to drop only `frame-ancestors`. Pure.

export type HeaderValues = Record<string, string | string[] | undefined>;

export interface FramingVerdict {
  framing: 'allowed' | 'blocked';
  /** The header that decided, as sent, when one forbids framing. */
  detail?: string;
}

function values(headers: HeaderValues, name: string): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    out.push(...(Array.isArray(value) ? value : [value]));
  }
  return out;
}

function directives(policy: string): string[] {
  return policy
    .split(';')
    .map((directive) => directive.trim())
    .filter(Boolean);
}

function frameAncestors(policy: string): string[] | undefined {
  const directive = directives(policy).find((entry) => entry.split(/\s+/)[0]!.toLowerCase() === 'frame-ancestors');
  return directive?.split(/\s+/).slice(1);
}

/**
 * Framing by a page of another origin (the app) is allowed unless a policy says otherwise. Any
 * source list but `*` counts as blocked: the app's origin (127.0.0.1:<random port>, or file://)
 * is never one a dashboard would list.
 */
export function framingVerdict(headers: HeaderValues): FramingVerdict {
  const policies = values(headers, 'content-security-policy').flatMap((header) => header.split(','));
  const ancestorLists = policies.map(frameAncestors).filter((list): list is string[] => list !== undefined);
  if (ancestorLists.length > 0) {
    // Several policies all apply; one that does not allow any ancestor is enough to block.
    const blocking = ancestorLists.find((sources) => !sources.includes('*'));
    return blocking ? { framing: 'blocked', detail: `Content-Security-Policy: frame-ancestors ${blocking.join(' ')}` } : { framing: 'allowed' };
  }
  const xfo = values(headers, 'x-frame-options').map((value) => value.trim());
  const denying = xfo.find((value) => /^(deny|sameorigin)$/i.test(value));
  return denying ? { framing: 'blocked', detail: `X-Frame-Options: ${denying}` } : { framing: 'allowed' };
}

/** A CSP header value without frame-ancestors in any of its policies; undefined when nothing else is left. */
export function withoutFrameAncestors(header: string): string | undefined {
  const policies = header
    .split(',')
    .map((policy) => directives(policy).filter((entry) => entry.split(/\s+/)[0]!.toLowerCase() !== 'frame-ancestors'))
    .filter((kept) => kept.length > 0)
    .map((kept) => kept.join('; '));
  return policies.length > 0 ? policies.join(', ') : undefined;
}
