// bench/apps/bare-nest.mjs plus nestjs-pino with its documented defaults (`LoggerModule.forRoot()`: pino-http writes
// one line per request to stdout, pino's synchronous default) and its logger as Nest's: the reference the issue
// compares ballast's request logging with. Usage: PORT=3000 HTTP_ADAPTER=express|fastify node bench/apps/nestjs-pino.mjs
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Logger, LoggerModule } from 'nestjs-pino';
import { AppController } from './app-controller.mjs';

class AppModule {}
Module({ imports: [LoggerModule.forRoot()], controllers: [AppController] })(AppModule);

const adapter = process.env.HTTP_ADAPTER === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
const app = await NestFactory.create(AppModule, adapter, { bufferLogs: true });
app.useLogger(app.get(Logger));
app.enableShutdownHooks();
await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
