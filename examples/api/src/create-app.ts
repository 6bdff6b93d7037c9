import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';

export type HttpAdapterName = 'express' | 'fastify';

/** Creates the app on the chosen HTTP adapter; used by main.ts and by the e2e tests. */
export async function createApp(adapter: HttpAdapterName = 'express'): Promise<INestApplication> {
  const httpAdapter = adapter === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
  return NestFactory.create(AppModule, httpAdapter, { bufferLogs: true });
}
