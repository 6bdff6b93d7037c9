// bench/apps/bare-nest.mjs on Express, with what @ballast/context's `fastExpressRequests` option does and nothing
// else (no ballast): the server builds each request and response with Express's prototypes already in place, so
// Express's per-request Object.setPrototypeOf changes nothing. The baseline that shows what ballast costs on top of
// the option, apart from what the option saves. Usage: PORT=3000 node bench/apps/bare-express-prototypes.mjs
import 'reflect-metadata';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { AppController } from './app-controller.mjs';

class AppModule {}
Module({ controllers: [AppController] })(AppModule);

const adapter = new ExpressAdapter();
const app = await NestFactory.create(AppModule, adapter);
const server = app.getHttpServer();
const express = adapter.getInstance();
for (const [Base, key, slotName] of [
  [IncomingMessage, 'request', 'IncomingMessage'],
  [ServerResponse, 'response', 'ServerResponse'],
]) {
  const Born = class extends Base {};
  Object.setPrototypeOf(Born.prototype, Object.getPrototypeOf(express[key]));
  delete Born.prototype.constructor;
  Object.defineProperties(Born.prototype, Object.getOwnPropertyDescriptors(express[key]));
  express[key] = Born.prototype;
  server[Object.getOwnPropertySymbols(server).find((s) => s.description === slotName)] = Born;
}
app.enableShutdownHooks();
await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
