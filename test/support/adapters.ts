import type { AbstractHttpAdapter } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';

/** One HTTP adapter to run a suite on; use with `describe.each(adapters)('... on $name', ...)`. */
export interface AdapterCase {
  name: 'express' | 'fastify';
  create: () => AbstractHttpAdapter;
}

export const adapters: AdapterCase[] = [
  { name: 'express', create: () => new ExpressAdapter() },
  { name: 'fastify', create: () => new FastifyAdapter() },
];
