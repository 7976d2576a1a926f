// `meshdeck policies SERVICE`: everything in force for a service (its rules in order with their
// faults, timeouts and retries, the circuit breaker, TLS, the security objects that apply to it)
// and `--clear` of one kind of policy, through the core's contract (policies.show / apply).
import { AppError, type PolicyChangeInfo, type PolicyRuleInfo, type ServicePolicyInfo } from '../contract';
import { changeOf, CLEARABLE, MATCH_SYNTAX } from '../policies';
import type { Command } from './cli-context';
import { EXIT_OK, unlessInterrupted } from './exit-codes';
import { checkParams } from './flag-names';
import { writeJson } from './json-output';
import { help } from './lab-commands';
import { parseFlags } from './parse-flags';
import { checkPolicyParams, COMMON_FLAGS, COMMON_HELP, previewOrApply, type PolicyWords } from './policy-command';
import { withListAdvice } from './shift-command';

type Values = Record<string, string | boolean | undefined>;

const MATCH_HELP = `--match COND              with --clear, only the rule that matches: ${MATCH_SYNTAX}`;

function usageError(message: string, command: string): AppError {
  return new AppError('INVALID_ARGUMENT', `${message} Run meshdeck ${command} --help to see its options.`);
}

const opt = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));

function ruleLine(rule: PolicyRuleInfo, index: number): string {
  const route = rule.route.map((r) => `${r.version} ${r.weight}%`).join(' · ');
  const parts = [`${index + 1}. ${rule.match} → ${route}`];
  if (rule.delay) parts.push(`delay ${rule.delay.fixedDelay} (${rule.delay.percent}%)`);
  if (rule.abort) parts.push(`abort ${rule.abort.httpStatus} (${rule.abort.percent}%)`);
  if (rule.timeout) parts.push(`timeout ${rule.timeout}`);
  if (rule.retries) parts.push(`retries ${rule.retries.attempts}${rule.retries.perTryTimeout ? ` × ${rule.retries.perTryTimeout}` : ''}${rule.retries.retryOn ? ` on ${rule.retries.retryOn}` : ''}`);
  return `  ${parts.join(' · ')}`;
}

/** What is in force for a service, for people. */
export function formatPolicy(info: ServicePolicyInfo): string {
  const whose = info.owner === 'none' ? 'no VirtualService or DestinationRule yet (requests are spread over every version)' : info.owner === 'meshdeck' ? 'written by MeshDeck' : `written by someone else (${info.objects.map((o) => `${o.kind}: ${o.managers.join(', ') || 'unknown'}`).join('; ')}) — changes need --take-over`;
  const lines = [`${info.service} (${info.namespace}) — ${whose}`, '  rules, in order:', ...info.rules.map(ruleLine)];
  if (info.breaker) lines.push(`  circuit breaker: ${Object.entries(info.breaker).map(([k, v]) => `${k} ${String(v)}`).join(', ')}`);
  if (info.tls) lines.push(`  tls: ${info.tls}`);
  if (info.security) {
    const { mtls, authorization } = info.security;
    lines.push(`  mTLS: ${mtls.mode}${mtls.object ? ` (PeerAuthentication ${mtls.object})` : ' (no PeerAuthentication: Istio\'s default)'}`);
    const policies = authorization.map((a) => `${a.namespace}/${a.name} ${a.action}${a.rules === 0 && a.action === 'ALLOW' ? ' (allow-nothing)' : ` (${a.rules} rule${a.rules === 1 ? '' : 's'})`}${a.owner === 'foreign' ? ', not MeshDeck\'s' : ''}`);
    lines.push(`  authorization: ${policies.length > 0 ? policies.join('; ') : 'none (every request is allowed)'}`);
  }
  return lines.join('\n');
}

const POLICIES_USAGE = `Usage: meshdeck policies SERVICE [--json] | meshdeck policies SERVICE --clear WHAT [--match COND] [options]
       meshdeck policies SERVICE --undo [-n NS] [--context NAME] [--json]

Shows everything in force for the service — its rules in order with their faults, timeouts and
retries, the circuit breaker, TLS — and who wrote it. --clear removes one kind of policy and
keeps the rest (the traffic split stays): ${CLEARABLE.join(', ')}. "route" removes every rule
that matches something (and what is on it); "all" leaves only the traffic split.
--undo puts the VirtualService and DestinationRule back as they were before MeshDeck's last
change to them (any command's, or a slider's), deleting what that change created; it is refused
when someone changed them since. One level: a second --undo has nothing left to undo.

Examples:
  meshdeck policies reviews
  meshdeck policies ratings --clear fault
  meshdeck policies ratings --clear fault --match header:end-user=jason
  meshdeck policies ratings --undo

Options:
  --clear WHAT              ${CLEARABLE.join('|')}
  --undo                    undo MeshDeck's last change to the service's routing
  ${MATCH_HELP}
${COMMON_HELP}`;

/** `policies SERVICE --undo`: alone (a dry run of an undo would be the objects `policies` shows before the change). */
function undo(service: string, values: Values, cli: Parameters<Command['run']>[1]): Promise<number> {
  const clash = (['clear', 'match', 'dry-run', 'output', 'take-over'] as const).find((flag) => values[flag] !== undefined && values[flag] !== false);
  if (clash) throw usageError(`--undo goes alone (without --${clash}).`, 'policies');
  const namespace = typeof values['namespace'] === 'string' ? values['namespace'] : undefined;
  const context = typeof values['context'] === 'string' ? values['context'] : undefined;
  checkParams('policies.undo', { service, ...opt('namespace', namespace) });
  return cli.session(context !== undefined ? { context } : {}, async (client) => {
    // NOT_FOUND here is "nothing to undo", said by the core: not the missing-service advice.
    const undone = await unlessInterrupted(client.call('policies.undo', { service, ...opt('namespace', namespace) }), cli.signal);
    if (values['json'] === true) writeJson(cli.out, undone);
    else cli.out.write(`Undone: ${undone.objects.map((o) => `${o.kind} ${o.namespace}/${o.name} ${o.action === 'deleted' ? 'deleted (that change created it)' : 'restored'}`).join(', ')}.\n`);
    return EXIT_OK;
  });
}

export const policiesCommandLine: Command = {
  usage: POLICIES_USAGE,
  async run(args, cli) {
    const { values, positionals } = parseFlags(args, { ...COMMON_FLAGS, clear: { type: 'string' }, match: { type: 'string' }, undo: { type: 'boolean' } }, 'policies', true);
    if (values.help) return help(cli, POLICIES_USAGE);
    const [service, ...rest] = positionals;
    if (service === undefined || rest.length > 0) throw usageError(service === undefined ? 'policies needs a SERVICE.' : `unexpected argument "${rest[0] as string}".`, 'policies');
    const context = values.context;
    if (values.undo) return undo(service, values as Values, cli);
    if (values.clear === undefined) {
      if (values.match !== undefined) throw usageError('--match goes with --clear.', 'policies');
      checkParams('policies.show', { service, ...opt('namespace', values.namespace) });
      return cli.session(context !== undefined ? { context } : {}, async (client) => {
        const info = await unlessInterrupted(client.call('policies.show', { service, ...opt('namespace', values.namespace) }), cli.signal).catch((error: unknown) => Promise.reject(withListAdvice(error)));
        if (values.json) writeJson(cli.out, info);
        else cli.out.write(`${formatPolicy(info)}\n`);
        return EXIT_OK;
      });
    }
    if (!(CLEARABLE as readonly string[]).includes(values.clear)) throw usageError(`--clear takes ${CLEARABLE.join(', ')} (got "${values.clear}").`, 'policies');
    const change = { kind: 'clear', clear: values.clear, ...opt('match', values.match) } as PolicyChangeInfo;
    const request: PolicyWords = { service, ...opt('namespace', values.namespace), change, ...(values['take-over'] ? { takeOver: true } : {}) };
    checkPolicyParams('policies.apply', request);
    changeOf(change);
    return cli.session(context !== undefined ? { context } : {}, (client) => previewOrApply('policies', request, values as Values, client, cli));
  },
};
