// `meshdeck doctor`: the core's doctor.run task, followed to its end; prints the report (or its
// JSON) and exits non-zero when a check fails.

import { AppError, type Client } from '../contract';
import type { CliContext, Command } from './cli-context';
import { EXIT_FAILURE, EXIT_OK, interrupted } from './exit-codes';
import { followTask } from './follow-task';
import { formatDoctorReport } from './format-doctor';
import { writeJson } from './json-output';
import { help } from './lab-commands';
import { parseFlags } from './parse-flags';

export async function doctorCommand(flags: { json?: boolean }, client: Client, cli: CliContext): Promise<number> {
  const ended = await followTask(client, () => client.call('doctor.run', {}), { interrupt: cli.signal });
  if (ended.state === 'cancelled') throw interrupted('The checks were stopped');
  if (ended.result?.kind !== 'doctor') throw ended.error ? AppError.fromInfo(ended.error) : new AppError('INTERNAL', 'The doctor ended without a report.');
  const report = ended.result.report;
  if (flags.json) writeJson(cli.out, report);
  else cli.out.write(`${formatDoctorReport(report, cli.out.isTTY === true)}\n`);
  return report.overall === 'fail' ? EXIT_FAILURE : EXIT_OK;
}

const DOCTOR_USAGE = `Usage: meshdeck doctor [--json]

Checks Docker, resources, inotify limits, gateway ports, kind clusters and tools.
Exits 1 when a check fails.

Options:
  --json   print the report as JSON: {"findings": [{"id", "title", "status"
           (ok|warn|fail|skipped), "summary", "advice"?, "code"?}], "overall", "checkedAt"}`;

export const doctorCommandLine: Command = {
  usage: DOCTOR_USAGE,
  async run(args, cli) {
    const { values } = parseFlags(args, { json: { type: 'boolean' } }, 'doctor');
    if (values.help) return help(cli, DOCTOR_USAGE);
    return cli.session({}, (client) => doctorCommand(values, client, cli));
  },
};
