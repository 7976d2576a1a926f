export { exec, widenPath, type ExecOptions, type ExecResult } from './exec';
