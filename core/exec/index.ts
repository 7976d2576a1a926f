export { exec, widenPath, type ExecFunction, type ExecOptions, type ExecResult, type LineSink } from './exec';
export { shellCommand, shellWord } from './shell-command';
