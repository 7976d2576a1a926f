// core/policies: one policy model per service (routing rules, faults, timeouts, retries, circuit
// breaker, TLS) written into the same DestinationRule + VirtualService traffic shifting writes,
// every change composed with what is there; and the security objects (PeerAuthentication,
// AuthorizationPolicy). Pure except policy-service.ts, which reads and applies them.
export * from './policy-types';
export * from './policy-objects';
export * from './policy-args';
export * from './policy-changes';
export * from './security-objects';
export * from './policy-request';
