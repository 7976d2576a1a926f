// The verdict above the findings: ready, ready with warnings, or fix the failures first.

import type { DoctorReportInfo } from '../../../core/contract';
import { doctorBanner } from '../model/doctor-summary';
import { StatusIcon } from './StatusIcon';

export function DoctorBanner({ report }: { report: DoctorReportInfo }) {
  const banner = doctorBanner(report);
  const checkedAt = new Date(report.checkedAt);
  return (
    <section className={`banner banner-${banner.overall}`} data-testid="doctor-overall" data-overall={banner.overall} aria-live="polite">
      <StatusIcon status={banner.overall} size={28} />
      <div className="banner-body">
        <h2 className="banner-title">{banner.title}</h2>
        <p className="banner-detail">{banner.detail}</p>
      </div>
      {Number.isNaN(checkedAt.getTime()) ? null : (
        <p className="banner-time">
          Checked <time dateTime={report.checkedAt}>{checkedAt.toLocaleTimeString()}</time>
        </p>
      )}
    </section>
  );
}
