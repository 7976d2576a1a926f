import { describe, expect, it } from 'vitest';
import { framingVerdict, withoutFrameAncestors } from './framing';

describe('framingVerdict', () => {
  it('allows framing when no header forbids it', () => {
    expect(framingVerdict({})).toEqual({ framing: 'allowed' });
    expect(framingVerdict({ 'content-type': 'text/html', 'content-security-policy': "default-src 'self'" })).toEqual({ framing: 'allowed' });
  });

  it('reads X-Frame-Options in any case, as Kiali and Grafana send it', () => {
    expect(framingVerdict({ 'x-frame-options': 'DENY' })).toEqual({ framing: 'blocked', detail: 'X-Frame-Options: DENY' });
    expect(framingVerdict({ 'X-Frame-Options': 'deny' }).framing).toBe('blocked');
    expect(framingVerdict({ 'x-frame-options': ['sameorigin'] }).framing).toBe('blocked');
    // Browsers ignore values they do not know.
    expect(framingVerdict({ 'x-frame-options': 'ALLOW-FROM http://x' }).framing).toBe('allowed');
  });

  it('lets CSP frame-ancestors decide when present, over X-Frame-Options', () => {
    expect(framingVerdict({ 'content-security-policy': "default-src 'self'; frame-ancestors 'none'" })).toEqual({ framing: 'blocked', detail: "Content-Security-Policy: frame-ancestors 'none'" });
    expect(framingVerdict({ 'content-security-policy': "frame-ancestors 'self' https://grafana.example" }).framing).toBe('blocked');
    expect(framingVerdict({ 'content-security-policy': 'frame-ancestors *', 'x-frame-options': 'DENY' }).framing).toBe('allowed');
    // Two policies: both apply.
    expect(framingVerdict({ 'content-security-policy': ['frame-ancestors *', "frame-ancestors 'none'"] }).framing).toBe('blocked');
    expect(framingVerdict({ 'content-security-policy': "frame-ancestors *, frame-ancestors 'self'" }).framing).toBe('blocked');
  });
});

describe('withoutFrameAncestors', () => {
  it('drops only frame-ancestors, from every policy of the header', () => {
    expect(withoutFrameAncestors("default-src 'self'; frame-ancestors 'none'; img-src data:")).toBe("default-src 'self'; img-src data:");
    expect(withoutFrameAncestors("FRAME-ANCESTORS 'none'")).toBeUndefined();
    expect(withoutFrameAncestors("frame-ancestors 'none', script-src 'self'; frame-ancestors 'self'")).toBe("script-src 'self'");
    expect(withoutFrameAncestors("default-src 'self'")).toBe("default-src 'self'");
  });
});
