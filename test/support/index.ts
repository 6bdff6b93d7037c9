export { adapters, type AdapterCase } from './adapters.js';
export { bootApp, type BootOptions, type TestApp } from './boot-app.js';
export { httpRequest, type HttpRequestOptions, type HttpResponse } from './http-request.js';
export { describeWithService, serviceUrl, type ServiceVariable } from './services.js';
export { CapturingLogger, MODE_VARIABLES, withModeEnv } from './runtime-env.js';
export { freePort } from './ports.js';
export { sleep } from './timing.js';
export { RedisServer } from './redis-server.js';
export { rawRequest, type RawResponse } from './raw-request.js';
