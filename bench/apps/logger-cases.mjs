// The apps of the request-logging benchmark (bench/suites/logger.mjs), one case per process:
//   PORT=3000 HTTP_ADAPTER=express|fastify node bench/apps/logger-cases.mjs <none|ballast|ballast-logger-only|nestjs-pino>
// Serves `GET /hello`. Every logger writes to /dev/null, synchronously (pino's default).
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { pino } from 'pino';
import { Logger as NestjsPinoLogger, LoggerModule as NestjsPinoModule } from 'nestjs-pino';
import { BallastLogger, BallastLoggerModule } from '../../packages/logger/dist/index.js';
import { BallastContextModule } from '../../packages/context/dist/index.js';

const variant = process.argv[2];
const devNull = () => pino.destination({ dest: '/dev/null', sync: true });

class HelloController {
  hello() {
    return { hello: 'world' };
  }
}
Controller()(HelloController);
Get('hello')(HelloController.prototype, 'hello', Object.getOwnPropertyDescriptor(HelloController.prototype, 'hello'));

const imports = {
  none: [],
  // What a ballast app runs: the request context (one id per request, echoed) and the logger with its request line.
  ballast: [BallastContextModule.forRoot(), BallastLoggerModule.forRoot({ destination: devNull() })],
  // The logger alone (request line without a request id): the logger's own share of the cost.
  'ballast-logger-only': [BallastLoggerModule.forRoot({ destination: devNull() })],
  // nestjs-pino's documented setup: pino-http logs one line per request.
  'nestjs-pino': [NestjsPinoModule.forRoot({ pinoHttp: { stream: devNull() } })],
}[variant];
if (!imports) throw new Error(`unknown variant ${variant}`);

class AppModule {}
Module({ imports, controllers: [HelloController] })(AppModule);

const adapter = process.env.HTTP_ADAPTER === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
const app = await NestFactory.create(AppModule, adapter, { logger: false, bufferLogs: variant !== 'none' });
if (variant.startsWith('ballast')) app.useLogger(app.get(BallastLogger));
if (variant === 'nestjs-pino') app.useLogger(app.get(NestjsPinoLogger));
await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
