// ---- shared body of the release-check apps (main.mjs = ESM + this, main.cjs = CJS + this) ----
// Plain JavaScript with decorators applied as functions: the app needs no build step, and no design:paramtypes
// of its own — what it injects by type comes from the ballast packages' dist, which is what is under test.
const { Module } = common;
const { ConfigService } = nestConfig;

const envSchema = Joi.object({
  NODE_ENV: ballastConfig.nodeEnv(),
  PORT: ballastConfig.port().default(3000),
  LOG_LEVEL: ballastConfig.logLevel().default('info'),
  HTTP_ADAPTER: Joi.string().valid('express', 'fastify').default('express'),
});

class AppModule {}
Module({
  imports: [
    ballastConfig.BallastConfigModule.forRoot({ schema: envSchema }),
    ballastContext.BallastContextModule.forRootAsync({ useFactory: () => ({}) }),
    ballastLogger.BallastLoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config) => ({ level: config.get('LOG_LEVEL') }),
    }),
    ballastExceptions.BallastExceptionsModule.forRootAsync({ useFactory: () => ({ exposeInternalErrors: false }) }),
    ballastHealth.BallastHealthModule.forRootAsync({ useFactory: () => ({ exposeDetails: false }) }),
    ballastCache.BallastCacheModule.forRootAsync({ useFactory: () => ({ store: 'memory', ttlMs: 1000 }) }),
    ballastShutdown.BallastShutdownModule.forRootAsync({
      useFactory: () => ({ readinessDelayMs: 0, drainTimeoutMs: 2000, timeoutMs: 8000 }),
    }),
  ],
})(AppModule);

async function main() {
  await ballastConfig.bootstrapWithConfig(async () => {
    const adapter =
      process.env.HTTP_ADAPTER === 'fastify' ? new fastify.FastifyAdapter() : new express.ExpressAdapter();
    const app = await core.NestFactory.create(AppModule, adapter, { bufferLogs: true });
    app.useLogger(app.get(ballastLogger.BallastLogger));
    ballastShutdown.enableBallastShutdown(app);
    await app.listen(app.get(ConfigService).get('PORT'), '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    process.stdout.write(`listening on ${url}\n`);
  });
}
main();
