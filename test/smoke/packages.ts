/** What the dist smoke test loads from each package: its module, options for forRoot, and a provider injected by type. */
export interface SmokeCase {
  name: string;
  dir: string;
  module: string;
  provider: string;
  options?: object;
}

export const smokeCases: SmokeCase[] = [
  { name: '@ballast/context', dir: 'context', module: 'BallastContextModule', provider: 'RequestContextService' },
  { name: '@ballast/config', dir: 'config', module: 'BallastConfigModule', provider: 'BallastConfigService' },
  { name: '@ballast/logger', dir: 'logger', module: 'BallastLoggerModule', provider: 'BallastLogger' },
  {
    name: '@ballast/exceptions',
    dir: 'exceptions',
    module: 'BallastExceptionsModule',
    provider: 'BallastExceptionFilter',
  },
  { name: '@ballast/health', dir: 'health', module: 'BallastHealthModule', provider: 'HealthProbeService' },
  { name: '@ballast/cache', dir: 'cache', module: 'BallastCacheModule', provider: 'CacheService' },
  { name: '@ballast/shutdown', dir: 'shutdown', module: 'BallastShutdownModule', provider: 'ShutdownService' },
];
