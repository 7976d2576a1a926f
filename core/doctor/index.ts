export { runDoctor, overallStatus, CHECK_ORDER, type DoctorProgress } from './run-doctor';
export { createDoctorDeps } from './create-doctor-deps';
export type { DoctorDeps, ProbeOutcome } from './doctor-deps';
