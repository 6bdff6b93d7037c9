// A Nest 12 app configured with Zod the way such apps are written: forRootAsync returning a Zod schema (with an async
// refinement), a Zod namespace injected with @Inject(ns.KEY), ConfigService<Env, true> typed from the schema — served
// over HTTP on Express and Fastify. test/schema-libraries.spec.ts holds the per-library guarantees.
import { Controller, Get, Inject, Module } from '@nestjs/common';
import { ConfigService, type ConfigType } from '@nestjs/config';
import { adapters, bootApp } from '@ballast/test-support';
import { z } from 'zod';
import {
  BallastConfigError,
  BallastConfigModule,
  CONFIG_VALIDATION_FAILED,
  defineNamespace,
  secret,
  type InferEnv,
} from '../src/index.js';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  FEATURE_FLAGS: z.stringbool().default(false),
  // An async rule, as a lookup against a registry would be: awaited at boot.
  REGION: z.string().refine(async (region) => ['eu-west-1', 'us-east-1'].includes(region), 'is not a known region'),
  API_TOKEN: secret(z.string().min(16)),
});
type Env = InferEnv<typeof envSchema>;

const dbConfig = defineNamespace(
  'db',
  z.object({ DB_POOL_SIZE: z.coerce.number().int().min(1).default(10), DB_SSL: z.stringbool().default(false) }),
  (env) => ({ poolSize: env.DB_POOL_SIZE, ssl: env.DB_SSL }),
);

@Controller()
class ConfigController {
  constructor(
    private readonly config: ConfigService<Env, true>,
    @Inject(dbConfig.KEY) private readonly db: ConfigType<typeof dbConfig>,
  ) {}

  @Get('/config')
  read() {
    const port: number = this.config.get('PORT', { infer: true });
    const flags: boolean = this.config.get('FEATURE_FLAGS', { infer: true });
    return { port, flags, region: this.config.get('REGION', { infer: true }), db: this.db };
  }
}

function appModule(env: Record<string, string>) {
  @Module({
    imports: [
      BallastConfigModule.forRootAsync({
        namespaces: [dbConfig],
        useFactory: async () => ({ schema: envSchema, env, ignoreEnvFile: true }),
      }),
    ],
    controllers: [ConfigController],
  })
  class AppModule {}
  return AppModule;
}

describe.each(adapters)('a Zod-configured app on $name', (adapter) => {
  it('serves the validated, coerced values and the namespace', async () => {
    const app = await bootApp(
      appModule({
        PORT: '8080',
        FEATURE_FLAGS: 'true',
        REGION: 'eu-west-1',
        API_TOKEN: 'token-of-16-chars!',
        DB_SSL: 'true',
      }),
      adapter,
    );
    try {
      const res = await app.request('/config');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        port: 8080,
        flags: true,
        region: 'eu-west-1',
        db: { poolSize: 10, ssl: true },
      });
    } finally {
      await app.close();
    }
  });

  it('refuses to boot with every problem, the async one included, and no secret', async () => {
    const token = 'canary-7f3';
    const boot = bootApp(appModule({ PORT: 'eighty', REGION: 'mars-1', API_TOKEN: token, DB_POOL_SIZE: '0' }), adapter);
    const error = (await boot.then(
      () => undefined,
      (e: unknown) => e,
    )) as BallastConfigError;
    expect(error).toBeInstanceOf(BallastConfigError);
    expect(error.code).toBe(CONFIG_VALIDATION_FAILED);
    expect(error.problems.map((p) => p.key).sort()).toEqual(['API_TOKEN', 'DB_POOL_SIZE', 'PORT', 'REGION']);
    expect(error.message).toContain('REGION: is not a known region');
    expect(error.message).toContain('API_TOKEN: must be at least 16 characters long');
    expect(`${error.message}${JSON.stringify(error.problems)}`).not.toContain(token);
  });
});
