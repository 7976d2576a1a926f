// The lab's options as the Setup form holds them (text fields) and as `lab.up` takes them.
// Validation mirrors the contract's rules (core/contract/methods.ts) so the user hears about a
// bad name or port before anything is sent; only values that differ from the defaults are sent,
// so an untouched form asks for exactly what `meshdeck up` does.

import type { AppErrorInfo, KubeContextInfo, LabOptionsInfo } from '../../../core/contract';

export const DEFAULT_CLUSTER_NAME = 'meshdeck';
export const ISTIO_VERSIONS = ['1.30.5', '1.31.1'] as const;
export const DEFAULT_ISTIO_VERSION = ISTIO_VERSIONS[0];
export const DEFAULT_HTTP_PORT = 8080;
export const DEFAULT_HTTPS_PORT = 8443;

/** The form's fields, as typed. */
export interface LabOptionsDraft {
  name: string;
  istioVersion: string;
  httpPort: string;
  httpsPort: string;
  context: string;
  /** Also add the kind cluster's context to the user's kubeconfig (opt-in). */
  mergeKubeconfig: boolean;
  /** Publish the ports on every interface, not only 127.0.0.1 (opt-in, with a warning). */
  lanSharing: boolean;
}

export type LabOptionsField = keyof LabOptionsDraft;

export type LabOptionsCheck = { ok: true; options: LabOptionsInfo } | { ok: false; errors: Partial<Record<LabOptionsField, string>> };

export const defaultDraft: LabOptionsDraft = {
  name: DEFAULT_CLUSTER_NAME,
  istioVersion: DEFAULT_ISTIO_VERSION,
  httpPort: String(DEFAULT_HTTP_PORT),
  httpsPort: String(DEFAULT_HTTPS_PORT),
  context: '',
  mergeKubeconfig: false,
  lanSharing: false,
};

// The same patterns as the contract's schema.
const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const CONTEXT_NAME = /^[^\s]{1,253}$/;
const ISTIO_VERSION = /^\d+\.\d+\.\d+$/;

function nameError(name: string): string | undefined {
  if (name === '') return 'Give the cluster a name, e.g. meshdeck.';
  if (name.length > 63) return `At most 63 characters (this is ${name.length}).`;
  if (/[A-Z]/.test(name)) return 'Use lower-case letters only.';
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return 'Start and end with a letter or a digit.';
  if (!CLUSTER_NAME.test(name)) return 'Use only lower-case letters, digits and -.';
  return undefined;
}

function portError(text: string): string | undefined {
  if (text === '') return 'Enter a port from 1 to 65535.';
  if (!/^\d+$/.test(text)) return 'A port is a whole number from 1 to 65535.';
  const port = Number(text);
  if (port < 1 || port > 65535) return 'A port is a whole number from 1 to 65535.';
  return undefined;
}

/** Checks every field; on success returns the options to send (defaults left out). */
export function checkLabOptions(draft: LabOptionsDraft): LabOptionsCheck {
  const name = draft.name.trim();
  const context = draft.context.trim();
  const httpPort = draft.httpPort.trim();
  const httpsPort = draft.httpsPort.trim();
  const errors: Partial<Record<LabOptionsField, string>> = {};

  // With an existing cluster MeshDeck creates no kind cluster, so the name is not used.
  if (context === '') {
    const problem = nameError(name);
    if (problem) errors.name = problem;
  } else if (!CONTEXT_NAME.test(context)) {
    errors.context = context.length > 253 ? 'A kube context name has at most 253 characters.' : 'A kube context name has no spaces.';
  }
  if (!ISTIO_VERSION.test(draft.istioVersion)) errors.istioVersion = 'Pick an Istio version such as 1.30.5.';
  const httpProblem = portError(httpPort);
  const httpsProblem = portError(httpsPort);
  if (httpProblem) errors.httpPort = httpProblem;
  if (httpsProblem) errors.httpsPort = httpsProblem;
  if (!httpProblem && !httpsProblem && Number(httpPort) === Number(httpsPort)) errors.httpsPort = 'Use a different port than for HTTP.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const options: LabOptionsInfo = {};
  if (context !== '') options.context = context;
  else if (name !== DEFAULT_CLUSTER_NAME) options.name = name;
  // Only a kind cluster MeshDeck creates is added; an existing context is in the kubeconfig already.
  if (context === '' && draft.mergeKubeconfig) options.mergeKubeconfig = true;
  // Likewise only a kind cluster has host ports MeshDeck publishes.
  if (context === '' && draft.lanSharing) options.lanSharing = true;
  if (draft.istioVersion !== DEFAULT_ISTIO_VERSION) options.istioVersion = draft.istioVersion;
  if (Number(httpPort) !== DEFAULT_HTTP_PORT) options.httpPort = Number(httpPort);
  if (Number(httpsPort) !== DEFAULT_HTTPS_PORT) options.httpsPort = Number(httpsPort);
  return { ok: true, options };
}

/** The form filled in from options sent before (e.g. remembered from the last run). */
export function draftFromOptions(options: LabOptionsInfo): LabOptionsDraft {
  return {
    name: options.name ?? DEFAULT_CLUSTER_NAME,
    istioVersion: options.istioVersion ?? DEFAULT_ISTIO_VERSION,
    httpPort: String(options.httpPort ?? DEFAULT_HTTP_PORT),
    httpsPort: String(options.httpsPort ?? DEFAULT_HTTPS_PORT),
    context: options.context ?? '',
    mergeKubeconfig: options.mergeKubeconfig === true,
    lanSharing: options.lanSharing === true,
  };
}

/** Which lab `lab.status` should look at for these options. */
export function labSelector(options: LabOptionsInfo): { name?: string; context?: string } {
  if (options.context) return { context: options.context };
  return options.name ? { name: options.name } : {};
}

/** Whether the options differ from the defaults (the Options panel says so when folded). */
export function describeOptions(options: LabOptionsInfo): string {
  const parts: string[] = [];
  if (options.context) parts.push(`context ${options.context}`);
  else parts.push(`cluster ${options.name ?? DEFAULT_CLUSTER_NAME}`);
  parts.push(`Istio ${options.istioVersion ?? DEFAULT_ISTIO_VERSION}`);
  parts.push(`ports ${options.httpPort ?? DEFAULT_HTTP_PORT}/${options.httpsPort ?? DEFAULT_HTTPS_PORT}`);
  if (options.mergeKubeconfig && !options.context) parts.push('added to your kubeconfig');
  if (options.lanSharing && !options.context) parts.push('shared on your network');
  return parts.join(' · ');
}

/** The contexts of the user's kubeconfig, as far as the Options form knows them. */
export type KubeContextsView = { kind: 'unknown' } | { kind: 'loading'; contexts: KubeContextInfo[] } | { kind: 'loaded'; contexts: KubeContextInfo[] } | { kind: 'error'; error: AppErrorInfo };

/** The hint under the context picker: what the picked context points at, or what can be picked. */
export function contextHint(view: KubeContextsView, typed: string): string {
  const name = typed.trim();
  const contexts = view.kind === 'loaded' || view.kind === 'loading' ? view.contexts : [];
  if (name !== '') {
    const match = contexts.find((context) => context.name === name);
    if (match) {
      const server = match.server || 'no API server (its cluster is missing from your kubeconfig)';
      return `${server} · cluster ${match.cluster}${match.current ? ' · your current context' : ''}. MeshDeck sets up this context only and touches no other.`;
    }
    if (view.kind === 'loaded') {
      return contexts.length === 0 ? 'Your kubeconfig has no contexts; MeshDeck will look for this one when it starts.' : `Not a context of your kubeconfig (it has ${contexts.map((context) => context.name).join(', ')}). Check the name.`;
    }
    return 'MeshDeck sets up this context only and touches no other.';
  }
  switch (view.kind) {
    case 'loading':
      return contexts.length > 0 ? `Leave empty to create a kind cluster, or pick one of the ${contexts.length} contexts of your kubeconfig.` : 'Reading the contexts of your kubeconfig…';
    case 'loaded':
      if (contexts.length === 0) return 'Leave empty to create a kind cluster. Your kubeconfig has no contexts; you can still type a name.';
      return `Leave empty to create a kind cluster, or pick one of the ${contexts.length} context${contexts.length === 1 ? '' : 's'} of your kubeconfig. MeshDeck touches no other context.`;
    case 'error':
      return `Leave empty to create a kind cluster. Your contexts could not be listed: ${view.error.message} You can still type a context name.`;
    case 'unknown':
      return 'Leave empty to create a kind cluster. A context you name here gets Istio, Bookinfo and the dashboards; MeshDeck touches no other context.';
  }
}
