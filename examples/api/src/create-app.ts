import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { BallastLogger } from '@ballast/logger';
import { fastifyFrameworkErrors, validationExceptionFactory } from '@ballast/exceptions';
import { AppModule, type AppModuleOptions } from './app.module.js';

export type HttpAdapterName = 'express' | 'fastify';

/**
 * Creates and configures the app on the chosen HTTP adapter, without listening: main.ts listens, the e2e tests
 * listen on a random port. Everything a request meets (pipes, logger, filters) is set here, so both see the same app.
 */
export async function createApp(
  adapter: HttpAdapterName = 'express',
  options: AppModuleOptions & { abortOnError?: boolean } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(
    AppModule.forRoot(options),
    adapter === 'fastify'
      ? // Fastify's router answers malformed URLs itself; this gives them the same error body as everything else.
        new FastifyAdapter({ frameworkErrors: fastifyFrameworkErrors() })
      : new ExpressAdapter(),
    // Nest's own boot lines wait until the app's logger is installed.
    { bufferLogs: true, abortOnError: options.abortOnError },
  );
  // Every Nest log line (and `new Logger(...)` in our code) as JSON through pino, with the request id.
  app.useLogger(app.get(BallastLogger));
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true, // strip what the DTO does not declare...
      forbidNonWhitelisted: true, // ...and reject the request when there was any
      transform: true, // DTO instances, numbers from query strings
      // 400 with details: [{ field, messages }] (nested fields included), rendered by @ballast/exceptions.
      exceptionFactory: validationExceptionFactory,
    }),
  );
  return app;
}
