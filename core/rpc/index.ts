export { createDispatcher, type Dispatcher, type Handlers } from './dispatcher';
export { EventHub } from './event-hub';
export { startBrowserServer, type BrowserServer, type BrowserServerOptions } from './browser-server';
export { connectInProcess, type InProcessBridge } from './in-process-bridge';
export { CallerScope, PROCESS_CALLER, type Caller } from './caller';
