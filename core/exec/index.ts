export { exec, widenPath, type ExecFunction, type ExecOptions, type ExecResult, type LineSink } from './exec';
