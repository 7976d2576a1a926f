// The built-in pack's lessons, split in two halves of similar run time (one world lab each, so
// the two files run in parallel). Together they must be the pack's whole lesson list.
export const FIRST_HALF = ['lab-and-mesh', 'ingress-gateway', 'observe', 'request-routing', 'route-jason', 'canary'];
export const SECOND_HALF = ['fault-delay', 'fault-abort', 'request-timeouts', 'retries', 'circuit-breaking', 'mtls-strict', 'authorization'];
