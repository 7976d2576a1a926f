// `meshdeck doctor`: the core's doctor.run task, followed to its end; prints the report (or its
// JSON) and exits non-zero when a check fails.

import { AppError, type Client } from '../contract';
import { followTask } from './follow-task';
import { formatDoctorReport } from './format-doctor';

export async function doctorCommand(flags: { json?: boolean }, client: Client, interrupt: AbortSignal): Promise<number> {
  const ended = await followTask(client, () => client.call('doctor.run', {}), { interrupt });
  if (ended.state === 'cancelled') return 130;
  if (ended.result?.kind !== 'doctor') throw ended.error ? AppError.fromInfo(ended.error) : new AppError('INTERNAL', 'The doctor ended without a report.');
  const report = ended.result.report;
  process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatDoctorReport(report, process.stdout.isTTY === true)}\n`);
  return report.overall === 'fail' ? 1 : 0;
}
