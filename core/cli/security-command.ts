// `meshdeck mtls` and `meshdeck authz`: a namespace's mTLS mode and a workload's (or namespace's)
// authorization from a terminal, through the core's contract (security.preview / apply). The
// words are checked with core/policies' parsers here, so bad input is refused before any call.
import { AppError, type SecurityChangeInfo } from '../contract';
import { BOOKINFO_NAMESPACE } from '../lab';
import { AUTHZ_ACTIONS, parseMethods, parseMtlsMode, parsePaths, parseSources, type AuthzAction } from '../policies';
import type { CliContext, Command } from './cli-context';
import { help } from './lab-commands';
import { parseFlags } from './parse-flags';
import { checkPolicyParams, COMMON_FLAGS, COMMON_HELP, previewOrApply } from './policy-command';

const MTLS_USAGE = `Usage: meshdeck mtls NAMESPACE strict|permissive|disable [--mesh] [options]
       meshdeck mtls NAMESPACE --clear [--mesh]

Writes the namespace's PeerAuthentication "default" (security.istio.io/v1): STRICT accepts only
mTLS from sidecars (a client without one gets a connection reset), PERMISSIVE accepts both,
DISABLE turns mTLS off. --mesh writes the one in istio-system, for every namespace. --clear
deletes the PeerAuthentication MeshDeck wrote (back to the mesh's mode, or Istio's PERMISSIVE).

Examples:
  meshdeck mtls default strict
  meshdeck mtls strict --mesh
  meshdeck mtls default permissive --dry-run -o yaml

Options:
  --mesh                    mesh-wide (the PeerAuthentication in istio-system)
  --clear                   delete it instead
${COMMON_HELP}`;

const AUTHZ_USAGE = `Usage: meshdeck authz TARGET allow|deny-all|allow-nothing [--from SOURCES] [--methods M] [--paths P] [options]

Writes an AuthorizationPolicy (security.istio.io/v1) for a workload (TARGET is its app label, in
-n NAMESPACE) or, when TARGET is the namespace itself, for the whole namespace:
  allow-nothing   an ALLOW policy with no rules: every request is denied (403 RBAC: access denied)
  deny-all        a DENY policy with one empty rule (DENY is evaluated before ALLOW)
  allow           adds an ALLOW rule to the target's "allow" policy (earlier rules are kept)
Names: allow-nothing, deny-all, allow (namespace) or TARGET-allow-nothing, TARGET-deny-all,
TARGET-allow (workload). --clear deletes that policy (authz default deny-all --clear).

Examples:
  meshdeck authz default allow-nothing
  meshdeck authz default deny-all
  meshdeck authz productpage allow --from sa:default/bookinfo-productpage --methods GET --paths /api/*

Options:
  --from SOURCES            comma-separated sa:NAMESPACE/SERVICE_ACCOUNT, ns:NAMESPACE or principals
  --methods M               comma-separated HTTP methods (GET,POST)
  --paths P                 comma-separated paths: exact (/productpage), prefix (/api/*), suffix (*.css)
  --clear                   delete the policy instead
${COMMON_HELP}`;

function usageError(message: string, command: string): AppError {
  return new AppError('INVALID_ARGUMENT', `${message} Run meshdeck ${command} --help to see its options.`);
}

/** `mtls NS MODE` (or `mtls MODE --mesh`) as a request. */
export function mtlsWords(positionals: string[], values: { namespace?: string; mesh?: boolean; clear?: boolean; 'take-over'?: boolean }): { namespace?: string; change: SecurityChangeInfo; takeOver?: boolean } {
  const mesh = values.mesh === true;
  if (values.clear === true) {
    if (positionals.length > 1 || (positionals.length === 0 && !mesh)) throw usageError('mtls --clear takes the NAMESPACE alone, e.g. meshdeck mtls default --clear (or meshdeck mtls --clear --mesh).', 'mtls');
    const namespace = positionals[0] ?? values.namespace ?? BOOKINFO_NAMESPACE;
    const request = { namespace, change: { kind: 'mtls' as const, clear: true, ...(mesh ? { mesh: true } : {}) }, ...(values['take-over'] ? { takeOver: true } : {}) };
    checkPolicyParams('security.preview', request);
    return request;
  }
  const words = positionals.length === 1 && mesh ? [values.namespace ?? BOOKINFO_NAMESPACE, positionals[0] as string] : positionals;
  if (words.length !== 2) throw usageError('mtls takes NAMESPACE and a mode, e.g. meshdeck mtls default strict (or meshdeck mtls strict --mesh).', 'mtls');
  const [namespace, modeWord] = words as [string, string];
  if (values.namespace !== undefined && values.namespace !== namespace) throw usageError(`The namespace is given twice (${namespace} and -n ${values.namespace}); give it once.`, 'mtls');
  const change: SecurityChangeInfo = { kind: 'mtls', mode: parseMtlsMode(modeWord), ...(mesh ? { mesh: true } : {}) };
  const request = { namespace, change, ...(values['take-over'] ? { takeOver: true } : {}) };
  checkPolicyParams('security.preview', request);
  return request;
}

/** `authz TARGET ACTION [--from …]` as a request; TARGET equal to the namespace means the whole namespace. */
export function authzWords(positionals: string[], values: { namespace?: string; from?: string; methods?: string; paths?: string; clear?: boolean; 'take-over'?: boolean }): { namespace?: string; change: SecurityChangeInfo; takeOver?: boolean } {
  if (positionals.length !== 2) throw usageError('authz takes TARGET and an action, e.g. meshdeck authz default deny-all or meshdeck authz productpage allow --from sa:default/bookinfo-productpage.', 'authz');
  const [target, action] = positionals as [string, string];
  if (!(AUTHZ_ACTIONS as readonly string[]).includes(action)) throw usageError(`"${action}" is not an authorization: type allow, deny-all or allow-nothing.`, 'authz');
  const namespace = values.namespace ?? BOOKINFO_NAMESPACE;
  const extras = { from: values.from, methods: values.methods, paths: values.paths };
  if ((action !== 'allow' || values.clear === true) && Object.values(extras).some((v) => v !== undefined)) throw usageError(`--from, --methods and --paths go with allow; ${values.clear === true ? '--clear' : action} takes none.`, 'authz');
  if (extras.from !== undefined) parseSources(extras.from);
  if (extras.methods !== undefined) parseMethods(extras.methods);
  if (extras.paths !== undefined) parsePaths(extras.paths);
  const change: SecurityChangeInfo = {
    kind: 'authz',
    action: action as AuthzAction,
    ...(target !== namespace ? { workload: target } : {}),
    ...(values.clear === true ? { clear: true } : {}),
    ...Object.fromEntries(Object.entries(extras).filter(([, v]) => v !== undefined)),
  };
  const request = { namespace, change, ...(values['take-over'] ? { takeOver: true } : {}) };
  checkPolicyParams('security.preview', request);
  return request;
}

async function runSecurity(name: string, usage: string, args: string[], cli: CliContext, extraFlags: Record<string, { type: 'string' | 'boolean' }>, words: (positionals: string[], values: Record<string, string | boolean | undefined>) => object): Promise<number> {
  const { values, positionals } = parseFlags(args, { ...COMMON_FLAGS, ...extraFlags }, name, true);
  if (values.help) return help(cli, usage);
  const request = words(positionals, values as Record<string, string | boolean | undefined>);
  const context = typeof values.context === 'string' ? values.context : undefined;
  return cli.session(context !== undefined ? { context } : {}, (client) => previewOrApply('security', request, values as Record<string, string | boolean | undefined>, client, cli));
}

export const mtlsCommandLine: Command = {
  usage: MTLS_USAGE,
  run: (args, cli) => runSecurity('mtls', MTLS_USAGE, args, cli, { mesh: { type: 'boolean' }, clear: { type: 'boolean' } }, (p, v) => mtlsWords(p, v as Parameters<typeof mtlsWords>[1])),
};

export const authzCommandLine: Command = {
  usage: AUTHZ_USAGE,
  run: (args, cli) => runSecurity('authz', AUTHZ_USAGE, args, cli, { from: { type: 'string' }, methods: { type: 'string' }, paths: { type: 'string' }, clear: { type: 'boolean' } }, (p, v) => authzWords(p, v as Parameters<typeof authzWords>[1])),
};
