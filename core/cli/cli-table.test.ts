// Every command's failure modes and exit codes, run in-process (main() over a real core with a
// stand-in lab): usage errors and bad numbers exit 2 in flag words, empty names reach the
// contract, --json errors are JSON on stdout, labs that do not exist exit 1, Ctrl+C exits 130.
// The built binary's own rows (EPIPE, signals) are in test/cli/cli.test.ts.
import { describe, expect, it } from 'vitest';
import { AppError, type LabRemovalInfo } from '../contract';
import { labStatus, labSummary, runInProcess, type FakeLab } from '../../test/cli/cli-harness';
import { withApiServer } from '../../test/cli/loopback-api-server';

const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;
const noLab: FakeLab = () => ({ status: async () => labStatus('meshdeck', false) });

interface UsageRow {
  argv: string[];
  message: RegExp;
}

const usageRows: UsageRow[] = [
  { argv: ['deploy'], message: /Unknown command "deploy"/ },
  { argv: ['up', '--jsn'], message: /unknown option --jsn\. Run meshdeck up --help/ },
  { argv: ['doctor', 'now'], message: /unexpected argument "now"\. Run meshdeck doctor --help/ },
  { argv: ['status', '--json=yes'], message: /--json takes no value/ },
  { argv: ['up', '--name'], message: /--name needs a value/ },
  { argv: ['up', '--name', '--lan'], message: /--name needs a value \(it was followed by --lan\)/ },
  { argv: ['up', '--http-port', '-1'], message: /^meshdeck: --http-port must be a whole number from 1 to 65535 in decimal digits, got "-1"\.$/m },
  { argv: ['up', '--http-port', ''], message: /--http-port is empty: give a whole number from 1 to 65535/ },
  { argv: ['up', '--http-port', '0x1F90'], message: /--http-port must be .* got "0x1F90"/ },
  { argv: ['up', '--http-port', '1e3'], message: /got "1e3"/ },
  { argv: ['up', '--http-port', '8080.0'], message: /got "8080\.0"/ },
  { argv: ['up', '--http-port', ' 80'], message: /got " 80"/ },
  { argv: ['up', '--http-port', '+80'], message: /got "\+80"/ },
  { argv: ['up', '--https-port', '70000'], message: /--https-port must be a whole number from 1 to 65535, got 70000/ },
  { argv: ['up', '--name', ''], message: /--name is empty: expected/ },
  { argv: ['up', '--name', 'Not_A_Name'], message: /--name: expected a DNS-1123 name/ },
  { argv: ['up', '--context', ''], message: /--context is empty: expected/ },
  { argv: ['up', '--istio', 'latest'], message: /--istio: expected an Istio version/ },
  { argv: ['up', '--context', 'mine', '--merge-kubeconfig'], message: /Use one or the other/ },
  { argv: ['status', '--name', ''], message: /--name is empty: expected/ },
  { argv: ['status', '--context', ''], message: /--context is empty: expected/ },
  { argv: ['down', '--yes', '--name', ''], message: /--name is empty: expected/ },
  { argv: ['down', '--yes', '--context', ''], message: /--context is empty: expected/ },
  { argv: ['reset', '--yes', '--name', ''], message: /--name is empty: expected/ },
  { argv: ['reset', '--context', ''], message: /--context is empty: expected/ },
  { argv: ['labs', 'use'], message: /Name the lab to use/ },
  { argv: ['labs', 'use', ''], message: /--name is empty: expected/ },
  { argv: ['labs', 'use', '--context', ''], message: /--context is empty: expected/ },
  { argv: ['labs', 'frob'], message: /Unknown labs subcommand "frob"/ },
  { argv: ['labs', '--context', 'x'], message: /labs use --context NAME/ },
  { argv: ['shift', 'reviews', 'v1=100', '-n', ''], message: /--namespace is empty: expected/ },
  { argv: ['shift', 'reviews', 'v1=100', '--context', ''], message: /--context is empty: expected/ },
  { argv: ['shift', '', 'v1=100'], message: /SERVICE is empty: expected/ },
  { argv: ['shift', ''], message: /SERVICE is empty: expected/ },
  { argv: ['shift', 'reviews', '-n', ''], message: /--namespace is empty: expected/ },
  { argv: ['shift', 'reviews', 'v1=100', '-n', '-x'], message: /^meshdeck: --namespace: expected a DNS-1123 name/ },
  { argv: ['shift', 'reviews', 'v1=100', '--dry-run', '-o', '-x'], message: /-o takes yaml or json \(got "-x"\)/ },
  { argv: ['shift', 'reviews', 'v1=100', '-o'], message: /meshdeck: -o(\/--output)? needs a value/ },
  { argv: ['up', '--kind', ''], message: /--kind is empty: expected a path/ },
  { argv: ['up', '--http-port=-1'], message: /--http-port must be .* got "-1"/ },
  { argv: ['status', 'extra'], message: /unexpected argument "extra"/ },
  { argv: ['labs', 'use', 'sig', 'extra'], message: /unexpected argument "extra"/ },
  { argv: ['logs', 'deploy/web', '--tail='], message: /--tail is empty/ },
  { argv: ['logs', 'deploy/web', '--since='], message: /invalid duration ""/ },
  { argv: ['traffic', '--rps'], message: /--rps needs a value/ },
  { argv: ['traffic', '--rps', '5.5'], message: /--rps must be .* got "5\.5"/ },
  { argv: ['shift', 'reviews', 'v1=100', '--dry-run', '-o', 'xml'], message: /-o takes yaml or json/ },
  { argv: ['shift', 'reviews', 'v1=100', '--header-route', 'nope'], message: /--header-route must look like HEADER=VALUE:VERSION/ },
  { argv: ['traffic', '--rps', '0'], message: /--rps must be a whole number from 1 to 200, got 0/ },
  { argv: ['traffic', '--rps', '1e3'], message: /--rps must be .* got "1e3"/ },
  { argv: ['traffic', '--duration', ''], message: /--duration is empty/ },
  { argv: ['traffic', '--duration', '5000'], message: /--duration must be a whole number from 1 to 3600 seconds, got 5000/ },
  { argv: ['traffic', '--context', ''], message: /--context is empty: expected/ },
  { argv: ['traffic', '--user', 'a b'], message: /--user: expected a user name/ },
  { argv: ['traffic', '--observe'], message: /--observe needs a value/ },
  { argv: ['traffic', '--observe', ''], message: /--observe is empty: expected a DNS-1123 name/ },
  { argv: ['traffic', '--observe', 'Reviews'], message: /^meshdeck: --observe: expected a DNS-1123 name/m },
  { argv: ['traffic', '--observe', 'reviews', '-n', ''], message: /--namespace is empty: expected/ },
  { argv: ['traffic', '--observe', 'reviews', '--window', '0s'], message: /--window must be at least 1s and whole seconds, got "0s"/ },
  { argv: ['traffic', '--observe', 'reviews', '--window', '500ms'], message: /--window must be at least 1s and whole seconds/ },
  { argv: ['traffic', '--observe', 'reviews', '--window', '60'], message: /--window must be a duration with a unit, such as 60s.* got "60"/ },
  { argv: ['traffic', '--observe', 'reviews', '--window', ''], message: /--window is empty/ },
  { argv: ['traffic', '--observe', 'reviews', '--window', '2d'], message: /--window must be at most 24h, got "2d"/ },
  { argv: ['traffic', '--observe', 'reviews', '--rps', '5'], message: /--rps is for sending requests; --observe only reads/ },
  { argv: ['traffic', '--window', '1m'], message: /--window goes with --observe SERVICE/ },
  { argv: ['traffic', '-n', 'bookinfo'], message: /--namespace goes with --observe SERVICE or --from curl/ },
  { argv: ['traffic', '--from', 'pod'], message: /--from takes curl \(the curl client pod\) or gateway/ },
  { argv: ['traffic', '--url', 'http://productpage:9080/'], message: /--url goes with --from curl/ },
  { argv: ['traffic', '--observe', 'reviews', '--from', 'curl'], message: /--from is for sending requests/ },
  { argv: ['logs'], message: /name a pod or a workload/ },
  { argv: ['logs', 'deploy/web', '--bogus'], message: /unknown flag: --bogus/ },
  { argv: ['logs', 'deploy/web', '--tail', '0x10'], message: /--tail must be .* got "0x10"/ },
  { argv: ['logs', 'deploy/web', '-n', ''], message: /--namespace is empty: expected/ },
  { argv: ['logs', 'deploy/web', '--context', ''], message: /--context is empty: expected/ },
  { argv: ['logs', 'deploy/web', '-c', 'Web_1'], message: /--container: expected/ },
  { argv: ['serve', '--port', 'eighty'], message: /--port must be a whole number from 0 to 65535 \(0 picks a free port\) in decimal digits, got "eighty"/ },
  { argv: ['serve', '--port', '-1'], message: /--port must be .* got "-1"/ },
];

describe('usage errors: exit 2, said in flags, nothing done', () => {
  it.each(usageRows)('meshdeck $argv', async ({ argv, message }) => {
    const result = await runInProcess(argv, { lab: noLab });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/durationSeconds|httpPort|istioVersion|tailLines|ambiguous|ERR_PARSE_ARGS/);
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.stdout).toBe('');
    // The lab was never asked to act on a default that an empty name fell back to.
    expect(result.labCalls.filter((call) => call !== 'status')).toEqual([]);
  });

  it.each(usageRows.filter((row) => row.argv[0] !== 'serve'))('--json: meshdeck $argv prints the error as JSON on stdout', async ({ argv, message }) => {
    const result = await runInProcess([...argv, '--json'], { lab: noLab });
    expect(result.code).toBe(2);
    const printed = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    expect(printed.error.code).toBe('INVALID_ARGUMENT');
    expect(`meshdeck: ${printed.error.message}`).toMatch(message);
    expect(result.stderr).toBe('');
  });
});

const removal: LabRemovalInfo = { name: 'sig', context: 'kind-sig', provider: 'kind', deletesCluster: true, items: ['the kind cluster sig and everything in it'], kept: ['your kubeconfig'] };
const ghost = (): never => {
  throw new AppError('CLUSTER_NOT_FOUND', 'There is no lab "ghost": `meshdeck labs` lists the labs there are.');
};

describe('failures: exit 1 with the core’s message', () => {
  it('status of a lab that is not there', async () => {
    const text = await runInProcess(['status'], { lab: noLab });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/No lab answers at kind cluster meshdeck/);
    const json = await runInProcess(['status', '--json'], { lab: noLab });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ exists: false, name: 'meshdeck', problem: { code: 'CLUSTER_NOT_FOUND' } });
  });

  it.each([
    [['down', '--yes', '--name', 'ghost']],
    [['down', '--yes', '--context', 'ghost']],
    [['down', '--name', 'ghost']],
  ])('meshdeck %j: the lab does not exist, nothing is deleted', async (argv) => {
    const result = await runInProcess(argv, { lab: () => ({ removal: ghost }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('meshdeck: There is no lab "ghost": `meshdeck labs` lists the labs there are.\n');
    expect(result.labCalls).toEqual(['removal']);
    const json = await runInProcess([...argv, '--json'], { lab: () => ({ removal: ghost }) });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ error: { code: 'CLUSTER_NOT_FOUND', message: 'There is no lab "ghost": `meshdeck labs` lists the labs there are.' } });
  });

  it('reset of a lab that does not exist', async () => {
    const result = await runInProcess(['reset', '--yes', '--name', 'ghost'], { lab: () => ({ reset: ghost }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('There is no lab "ghost"');
  });

  it('traffic with no lab asks the core first and sends nothing', async () => {
    const result = await runInProcess(['traffic', '--duration', '1'], { lab: noLab });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/No lab answers at kind cluster meshdeck .*`meshdeck up`, or name one with --context NAME/);
    expect(result.labCalls).toEqual(['status']);
    const json = await runInProcess(['traffic', '--json'], { lab: noLab });
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'CLUSTER_NOT_FOUND' } });
  });

  it('traffic --observe with no lab asks the core first and reads nothing', async () => {
    const result = await runInProcess(['traffic', '--observe', 'reviews'], { lab: noLab });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/No lab answers at kind cluster meshdeck .*so there is no mesh to observe/);
    expect(result.labCalls).toEqual(['status']);
  });

  it('traffic --observe on a lab without the Prometheus addon: TELEMETRY_UNAVAILABLE, exit 1', async () => {
    await withApiServer(async (target) => {
      const lab: FakeLab = () => ({ status: async () => labStatus('meshdeck', true), target: async () => target });
      const result = await runInProcess(['traffic', '--observe', 'ratings', '--window', '2m'], { lab });
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(/^meshdeck: The lab has no Prometheus addon \(Service istio-system\/prometheus not found\).*`meshdeck up`/);
      const json = await runInProcess(['traffic', '--observe', 'ratings', '--json'], { lab });
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'TELEMETRY_UNAVAILABLE', details: { reason: 'not-installed' } } });
    });
  });

  it('down and reset off a terminal without --yes: refused before anything changes', async () => {
    const down = await runInProcess(['down'], { lab: () => ({ removal: async () => removal }) });
    expect(down.code).toBe(2);
    expect(down.stdout).toContain('the kind cluster sig and everything in it');
    expect(down.stderr).toContain('Add --yes to confirm');
    expect(down.labCalls).toEqual(['removal']);
    const reset = await runInProcess(['reset']);
    expect(reset.code).toBe(2);
    expect(reset.labCalls).toEqual([]);
  });

  it('labs: the core’s refusal of an unknown lab is a failure', async () => {
    const result = await runInProcess(['labs', 'use', 'ghost'], { lab: () => ({ select: async () => ghost() }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('There is no lab "ghost"');
  });
});

describe('unexpected errors: the app log has the cause, the message names it', () => {
  const broken: FakeLab = () => ({
    list: async () => {
      throw new Error('the registry file is corrupt', { cause: new Error('Unexpected token } in JSON at position 7') });
    },
  });

  it('inside the core: INTERNAL, exit 1, the log has the stack and cause; MESHDECK_DEBUG prints them', async () => {
    const plain = await runInProcess(['labs'], { lab: broken });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/unexpected problem while running lab\.list.*\(see \/data\/logs\/cli\.log\)/);
    expect(plain.stderr).not.toMatch(STACK_LINE);
    expect(plain.log.join('\n')).toMatch(/the registry file is corrupt[\s\S]*caused by: Error: Unexpected token/);
    const debug = await runInProcess(['labs'], { lab: broken, env: { MESHDECK_DEBUG: '1' } });
    expect(debug.stderr).toMatch(STACK_LINE);
    expect(debug.stderr).toContain('caused by: Error: Unexpected token');
  });

  it('in the CLI itself: names the app log; MESHDECK_DEBUG prints the stack', async () => {
    const bad: FakeLab = () => ({ list: async () => [{}] as never });
    const plain = await runInProcess(['labs'], { lab: bad });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/^meshdeck: MeshDeck hit an unexpected problem: .*The details are in \/data\/logs\/cli\.log/m);
    expect(plain.stderr).toContain('Set MESHDECK_DEBUG=1');
    expect(plain.log.join('\n')).toMatch(STACK_LINE);
    const debug = await runInProcess(['labs'], { lab: bad, env: { MESHDECK_DEBUG: '1' } });
    expect(debug.stderr).toMatch(STACK_LINE);
    const json = await runInProcess(['labs', '--json'], { lab: () => ({ list: async () => [labSummary('a', true)] }) });
    expect(json.code).toBe(0);
  });
});
