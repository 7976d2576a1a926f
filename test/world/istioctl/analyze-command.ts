// `istioctl analyze` as a command (istioctl/pkg/analyze/analyze.go): gathers the objects from
// files and/or the cluster, prints the findings at or above --output-threshold (default Info) on
// stdout, the "No validation issues found" line on stderr, and exits 79 only when a finding is
// at or above --failure-threshold (default Error): warnings and infos alone exit 0.
import { parseAllDocuments } from 'yaml';
import { stringFlag, type ParsedArgs } from '../kind/cli-io.js';
import { analyze, formatFinding, type ConfigObject, type Finding } from './analyze.js';
import type { KubeAccess } from './kube-access.js';
import { clientVersion, EXIT_INCORRECT_USAGE, IstioctlError, type Io } from './istioctl-io.js';

/** ExitAnalyzerFoundIssues in istioctl/cmd/sysexits.go. */
export const EXIT_ANALYZER_FOUND_ISSUES = 79;

// diag.Level: a lower number is worse (Error 0, Warning 1, Info 2).
const LEVELS: Record<string, number> = { ERROR: 0, WARNING: 1, INFO: 2 };

/** formatting.MessageThreshold.Set: a level name in any case. */
function threshold(parsed: ParsedArgs, flag: string, fallback: number): number {
  const value = stringFlag(parsed, flag);
  if (value === undefined) return fallback;
  const level = LEVELS[value.toUpperCase()];
  if (level === undefined) throw new IstioctlError(`invalid argument "${value}" for "--${flag}" flag: invalid level option`, EXIT_INCORRECT_USAGE);
  return level;
}

function levelOf(finding: Finding): number {
  return LEVELS[finding.level.toUpperCase()] ?? 2;
}

async function fileObjects(parsed: ParsedArgs, read: (file: string) => Promise<string>): Promise<ConfigObject[]> {
  const objects: ConfigObject[] = [];
  for (const file of parsed.args) {
    for (const doc of parseAllDocuments(await read(file))) {
      const value = doc.toJS() as ConfigObject | null;
      if (value?.kind && value.metadata?.name) objects.push({ ...value, metadata: { ...value.metadata, namespace: value.metadata.namespace ?? stringFlag(parsed, 'namespace') ?? 'default' } });
    }
  }
  return objects;
}

export async function runAnalyze(parsed: ParsedArgs, connect: () => Promise<KubeAccess>, read: (file: string) => Promise<string>, io: Io): Promise<void> {
  const failureThreshold = threshold(parsed, 'failure-threshold', LEVELS.ERROR!);
  const outputThreshold = threshold(parsed, 'output-threshold', LEVELS.INFO!);
  const objects = await fileObjects(parsed, read);
  let namespace = stringFlag(parsed, 'namespace') ?? 'default';
  const namespaceObjects: ConfigObject[] = [];
  const all = parsed.flags['all-namespaces'] === true;
  if (parsed.flags['use-kube'] !== false) {
    const kube = await connect();
    namespace = stringFlag(parsed, 'namespace') ?? kube.config.getContextObject(kube.config.getCurrentContext())?.namespace ?? 'default';
    for (const kind of ['VirtualService', 'DestinationRule', 'Gateway']) {
      const items = await kube.list('networking.istio.io/v1', kind).catch(() => []);
      objects.push(...(items.map((i) => ({ ...i, kind })) as unknown as ConfigObject[]));
    }
    const namespaces = (await kube.list('v1', 'Namespace')) as unknown as ConfigObject[];
    namespaceObjects.push(...namespaces.filter((n) => (all ? !/^(kube-|istio-system|local-path)/.test(n.metadata.name) : n.metadata.name === namespace)));
  }
  const findings = analyze(objects, all ? 'all' : [namespace], namespaceObjects);
  const scope = all ? 'all namespaces' : `namespace: ${namespace}`;
  const shown = findings.filter((f) => levelOf(f) <= outputThreshold);
  // fmt.Fprintln(stdout, output): an empty line when nothing is shown.
  io.out(`${shown.map(formatFinding).join('\n')}\n`);
  if (shown.length === 0) {
    const files = parsed.args;
    const what = files.length > 1 ? `:\n  - ${files.join('\n  - ')}\n` : ` ${files[0] ?? scope}.\n`;
    io.err(`\u2714 No validation issues found when analyzing${what}`);
  }
  // The exit code follows every finding, shown or not (errorIfMessagesExceedThreshold).
  if (findings.some((f) => levelOf(f) <= failureThreshold)) {
    const minor = clientVersion().split('.').slice(0, 2).join('.');
    throw new IstioctlError(`Analyzers found issues when analyzing ${scope}.\nSee https://istio.io/v${minor}/docs/reference/config/analysis for more information about causes and resolutions.`, EXIT_ANALYZER_FOUND_ISSUES);
  }
}
