import { Body, Controller, Get, Module, Param, Post, Query, ValidationPipe } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { BallastContextModule } from '@ballast/context';
import { bootApp, serviceUrl, type HttpResponse, type TestApp } from '@ballast/test-support';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { BallastExceptionsModule, fastifyFrameworkErrors, validationExceptionFactory } from '../src/index.js';
import { SECRET } from './fixtures/errors.controller.js';
import { hostileCases, type HostileCase } from './fixtures/hostile-cases.js';

const TABLE = `exc_hostile_${randomBytes(4).toString('hex')}`;
const databaseUrl = serviceUrl('DATABASE_URL');
let pool: DataSource | undefined;

class ProfileDto {
  @IsString() @MaxLength(200) name!: string;
  @IsOptional() @IsString() bio?: string;
}

class SearchDto {
  @IsOptional() @IsString() q?: string;
}

const strict = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  exceptionFactory: validationExceptionFactory,
});

@Controller('h')
class HostileController {
  @Get('ok')
  ok() {
    return { ok: true };
  }

  @Post('json')
  json(@Body(strict) body: ProfileDto) {
    return { name: body.name.length };
  }

  @Post('raw')
  raw(@Body() body: unknown) {
    return { type: typeof body };
  }

  @Post('form')
  form(@Body(new ValidationPipe({ whitelist: true, exceptionFactory: validationExceptionFactory })) body: ProfileDto) {
    return { name: body.name.length };
  }

  @Get('search')
  search(
    @Query(new ValidationPipe({ whitelist: true, exceptionFactory: validationExceptionFactory })) query: SearchDto,
  ) {
    return { q: typeof query.q };
  }

  @Get('items/:id')
  item(@Param('id') id: string) {
    return { length: id.length };
  }

  @Post('db')
  async db(@Body(strict) body: ProfileDto) {
    await pool!.query(`INSERT INTO "${TABLE}" (name) VALUES ($1)`, [body.name]);
    return { stored: true };
  }

  @Post('db-form')
  async dbForm(
    @Body(new ValidationPipe({ whitelist: true, exceptionFactory: validationExceptionFactory })) body: ProfileDto,
  ) {
    await pool!.query(`INSERT INTO "${TABLE}" (name) VALUES ($1)`, [body.name]);
    return { stored: true };
  }
}

@Module({
  imports: [BallastContextModule.forRoot({}), BallastExceptionsModule.forRoot({ logging: false })],
  controllers: [HostileController],
})
class HostileAppModule {}

// The adapters as an app that wants identical answers configures them (documented in the README):
// - Fastify's router answers malformed URLs itself, before Nest: `frameworkErrors` routes them to the same body.
// - Fastify rejects `__proto__`/`constructor.prototype` keys by default while Express keeps them as plain own keys for
//   the ValidationPipe to judge; 'remove' makes Fastify drop them, so both answer as the ValidationPipe decides.
const adapters = [
  { name: 'express', create: () => new ExpressAdapter() },
  {
    name: 'fastify',
    create: () =>
      new FastifyAdapter({
        frameworkErrors: fastifyFrameworkErrors({}),
        onProtoPoisoning: 'remove',
        onConstructorPoisoning: 'remove',
      }),
  },
] as const;

// The same body limit on both adapters (Fastify's default, 1 MiB), so that size is not what differs.
function sameLimits(app: INestApplication) {
  const express = app as INestApplication & { useBodyParser?: (type: string, options: object) => void };
  if (app.getHttpAdapter().getType() === 'express') {
    express.useBodyParser!('json', { limit: 1024 * 1024 });
    // Flat forms, as Nest's Fastify adapter parses them (fast-querystring): nested `a[b]=1` keys stay plain keys.
    express.useBodyParser!('urlencoded', { limit: 1024 * 1024, extended: false });
  }
}

const LEAKS: Array<[string, RegExp]> = [
  ['planted secret', new RegExp(SECRET)],
  ['stack frame', /\bat [^"]*:\d+:\d+|\bat (async )?[\w.<>]+ \(/],
  ['file path', /\/work\/|node_modules|[\w-]+\.(ts|js|mjs|cjs):\d+|file:\/\//],
  ['SQL', /\b(SELECT|INSERT|UPDATE|DELETE)\b[\s\S]*\b(FROM|INTO|SET)\b|exc_hostile|violates|syntax for type/i],
];

const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();

function shape(res: HttpResponse): string[] | string {
  if (res.body && typeof res.body === 'object' && !Array.isArray(res.body)) return Object.keys(res.body).sort();
  return res.text === '' ? 'empty' : 'not-json';
}

const cases = hostileCases().filter((c) => !c.db || databaseUrl);

describe('hostile input', () => {
  const apps: Record<string, TestApp> = {};

  beforeAll(async () => {
    if (databaseUrl) {
      pool = new DataSource({ type: 'postgres', url: databaseUrl, poolSize: 2 });
      await pool.initialize();
      await pool.query(`CREATE TABLE "${TABLE}" (id serial PRIMARY KEY, name text NOT NULL)`);
    }
    for (const adapter of adapters)
      apps[adapter.name] = await bootApp(HostileAppModule, adapter, { configure: sameLimits });
  });

  afterAll(async () => {
    for (const app of Object.values(apps)) await app.close();
    if (pool) {
      await pool.query(`DROP TABLE IF EXISTS "${TABLE}"`);
      await pool.destroy();
    }
  });

  it('has at least 100 cases', () => {
    expect(hostileCases().length).toBeGreaterThanOrEqual(100);
  });

  it.each(cases.map((c) => [c.name, c] as [string, HostileCase]))('%s', async (_name, c) => {
    const results: Record<string, HttpResponse> = {};
    for (const [name, app] of Object.entries(apps)) {
      const res = await app.request(c.path, { method: c.method, headers: c.headers, body: c.body, timeoutMs: 30_000 });
      results[name] = res;
      if (process.env.HOSTILE_DEBUG)
        process.stdout.write(`${c.name} | ${name} | ${res.status} | ${res.text.slice(0, 300)}\n`);
      expect({ adapter: name, status: res.status }).toEqual({ adapter: name, status: expect.any(Number) });
      expect({ adapter: name, serverError: res.status >= 500 }).toEqual({ adapter: name, serverError: false });
      const { path: _path, ...rest } = (res.body ?? {}) as Record<string, unknown>;
      const visible = res.body ? JSON.stringify(rest) : res.text;
      for (const [what, pattern] of LEAKS) {
        expect({ adapter: name, leak: what, found: pattern.exec(visible)?.[0] }).toEqual({
          adapter: name,
          leak: what,
          found: undefined,
        });
      }
      // 431: Node's HTTP parser refused the headers; no request exists, no Nest code (nor filter) runs.
      if (res.status >= 400 && res.status !== 431) {
        expect(res.body.requestId).toEqual(expect.any(String));
      }
    }
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    // Same status and body shape on Express and Fastify (431 has no request to answer: status only).
    expect(results.fastify!.status).toBe(results.express!.status);
    if (results.express!.status !== 431)
      expect({
        status: results.fastify!.status,
        shape: shape(results.fastify!),
        code: results.fastify!.body?.code,
      }).toEqual({
        status: results.express!.status,
        shape: shape(results.express!),
        code: results.express!.body?.code,
      });
    // Still alive.
    for (const app of Object.values(apps)) expect((await app.request('/h/ok')).status).toBe(200);
  });
});
