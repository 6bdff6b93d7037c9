// The baseline of the stack benchmark: a bare NestJS app with the same trivial route as the example's `GET /`,
// nothing else (no modules, Nest's default logger). Usage: PORT=3000 HTTP_ADAPTER=express|fastify node bench/apps/bare-nest.mjs
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppController } from './app-controller.mjs';

class AppModule {}
Module({ controllers: [AppController] })(AppModule);

const adapter = process.env.HTTP_ADAPTER === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
const app = await NestFactory.create(AppModule, adapter);
app.enableShutdownHooks();
await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
