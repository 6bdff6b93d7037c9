// bench/apps/bare-nest.mjs plus the least any AsyncLocalStorage-based request context can do: one `run()` per
// request from Nest's request hook, with a constant store (no id, no header). On Node 20 the storage's async hooks
// then run for every promise and callback of every request: the floor under @ballast/context, nestjs-cls and
// nestjs-pino alike. Usage: PORT=3000 HTTP_ADAPTER=express|fastify node bench/apps/bare-als.mjs
import 'reflect-metadata';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppController } from './app-controller.mjs';

class AppModule {}
Module({ controllers: [AppController] })(AppModule);

const storage = new AsyncLocalStorage();
const store = { requestId: 'constant' };
const adapter = process.env.HTTP_ADAPTER === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
adapter.setOnRequestHook((_request, _reply, done) => storage.run(store, done));
const app = await NestFactory.create(AppModule, adapter);
app.enableShutdownHooks();
await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
