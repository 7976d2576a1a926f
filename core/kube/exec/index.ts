// core/kube/exec: interactive shells in pods over the exec subresource (WebSocket channel
// protocol v5/v4), with the container chosen like kubectl and bash-then-sh fallback.
export { ShellSessions, type ShellSessionsDeps } from './shell-sessions';
export { assertShellable, chooseShellContainer, defaultContainerAnnotation } from './shell-container';
export { openExecSocket, type ExecListener, type ExecSocket, type ExecTarget } from './exec-socket';
export { parseExecStatus, type ExecEnd } from './exec-channels';
export { runExec, type ExecOutput, type RunExecOptions } from './run-exec';
