import { Controller, Get, Inject, Injectable, Module } from '@nestjs/common';
import { ConfigModule, ConfigService, registerAs, type ConfigType } from '@nestjs/config';
import { adapters, bootApp } from '@ballast/test-support';
import Joi from 'joi';
import {
  BallastConfigError,
  BallastConfigModule,
  BallastConfigService,
  bool,
  defineNamespace,
  duration,
  port,
  secret,
  type ConfigModuleOptions,
} from '../src/index.js';

const httpConfig = defineNamespace(
  'http',
  { HTTP_PORT: port().default(3000), HTTP_TIMEOUT: duration().default('10s'), HTTP_TRUST_PROXY: bool().default(false) },
  (env) => ({ port: env.HTTP_PORT, timeoutMs: env.HTTP_TIMEOUT, trustProxy: env.HTTP_TRUST_PROXY }),
);

const schema = Joi.object({ APP_NAME: Joi.string().required(), API_TOKEN: secret().required() });
const env = { APP_NAME: 'shop', API_TOKEN: 'canary-token-1234', HTTP_TIMEOUT: '2s', HTTP_TRUST_PROXY: 'TRUE' };
const baseOptions: ConfigModuleOptions = { schema, env, ignoreEnvFile: true };

@Controller()
class ConfigController {
  constructor(
    @Inject(httpConfig.KEY) private readonly http: ConfigType<typeof httpConfig>,
    private readonly config: ConfigService,
  ) {}

  @Get('/config')
  read() {
    return { http: this.http, appName: this.config.get('APP_NAME'), timeout: this.config.get('http.timeoutMs') };
  }
}

/** Another module configured through forRootAsync from ConfigService, as the other ballast packages are. */
const FEATURE_OPTIONS = 'FEATURE_OPTIONS';
@Module({})
class FeatureModule {
  static forRootAsync() {
    return {
      module: FeatureModule,
      providers: [
        {
          provide: FEATURE_OPTIONS,
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({
            port: config.get('HTTP_PORT'),
            trust: config.get('HTTP_TRUST_PROXY'),
          }),
        },
      ],
      exports: [FEATURE_OPTIONS],
    };
  }
}

describe.each(adapters)('BallastConfigModule on $name', (adapter) => {
  it('forRoot: ConfigService and @Inject(ns.KEY) give validated, coerced values', async () => {
    @Module({
      imports: [BallastConfigModule.forRoot({ ...baseOptions, namespaces: [httpConfig] })],
      controllers: [ConfigController],
    })
    class AppModule {}
    const app = await bootApp(AppModule, adapter);
    try {
      const res = await app.request('/config');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        http: { port: 3000, timeoutMs: 2000, trustProxy: true },
        appName: 'shop',
        timeout: 2000,
      });
      expect(app.nest.get(BallastConfigService).get(httpConfig).timeoutMs).toBe(2000);
    } finally {
      await app.close();
    }
  });
});

describe('BallastConfigModule', () => {
  const boot = (module: any) => bootApp(module, adapters[0]!, { listen: false });

  it('forRootAsync (useFactory + inject): options from a provider, e.g. a secret manager', async () => {
    const VAULT = 'VAULT';
    @Module({
      providers: [{ provide: VAULT, useValue: { fetch: async () => ({ API_TOKEN: 'from-vault-5678' }) } }],
      exports: [VAULT],
    })
    class VaultModule {}
    @Module({
      imports: [
        BallastConfigModule.forRootAsync({
          imports: [VaultModule],
          inject: [VAULT],
          namespaces: [httpConfig],
          useFactory: async (vault: { fetch(): Promise<Record<string, string>> }) => ({
            schema,
            env: { APP_NAME: 'shop' },
            ignoreEnvFile: true,
            values: await vault.fetch(),
          }),
        }),
      ],
    })
    class AppModule {}
    const app = await boot(AppModule);
    try {
      const service = app.nest.get(BallastConfigService);
      expect(service.get('API_TOKEN')).toBe('from-vault-5678');
      expect(app.nest.get<ConfigType<typeof httpConfig>>(httpConfig.KEY).port).toBe(3000);
      expect(service.describe().find((e) => e.key === 'API_TOKEN')).toMatchObject({
        value: '[REDACTED]',
        source: 'provided',
      });
    } finally {
      await app.close();
    }
  });

  it('forRootAsync (useClass)', async () => {
    @Injectable()
    class OptionsFactory {
      createConfigOptions(): ConfigModuleOptions {
        return baseOptions;
      }
    }
    @Module({ imports: [BallastConfigModule.forRootAsync({ useClass: OptionsFactory })] })
    class AppModule {}
    const app = await boot(AppModule);
    try {
      expect(app.nest.get(ConfigService).get('APP_NAME')).toBe('shop');
    } finally {
      await app.close();
    }
  });

  it('is global: another module’s forRootAsync factory reads validated values from ConfigService', async () => {
    @Module({
      imports: [
        FeatureModule.forRootAsync(),
        BallastConfigModule.forRoot({ ...baseOptions, namespaces: [httpConfig], env: { ...env, HTTP_PORT: ' 8080 ' } }),
      ],
    })
    class AppModule {}
    const app = await boot(AppModule);
    try {
      expect(app.nest.get(FEATURE_OPTIONS)).toEqual({ port: 8080, trust: true });
    } finally {
      await app.close();
    }
  });

  it('shares values with ConfigModule.forFeature(registerAs(...)) users', async () => {
    const legacy = registerAs('legacy', () => ({ flag: true }));
    @Injectable()
    class Reader {
      constructor(readonly config: ConfigService) {}
    }
    @Module({ imports: [ConfigModule.forFeature(legacy)], providers: [Reader], exports: [Reader] })
    class LegacyModule {}
    @Module({ imports: [BallastConfigModule.forRoot(baseOptions), LegacyModule] })
    class AppModule {}
    const app = await boot(AppModule);
    try {
      const config = app.nest.get(Reader).config;
      expect(config.get('APP_NAME')).toBe('shop');
      expect(config.get('legacy.flag')).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('refuses to boot with every problem of every namespace in one error, no secret in it', async () => {
    const dbConfig = defineNamespace('db', { DB_PORT: port(), DB_PASSWORD: Joi.string().min(40) }, (v) => v);
    @Module({
      imports: [
        BallastConfigModule.forRoot({
          schema,
          env: { API_TOKEN: 'x', DB_PORT: 'five', DB_PASSWORD: 'canary-password-9', HTTP_TIMEOUT: 'soon' },
          ignoreEnvFile: true,
          namespaces: [httpConfig, dbConfig],
        }),
      ],
    })
    class AppModule {}
    const error = (await boot(AppModule).catch((e: unknown) => e)) as BallastConfigError;
    expect(error).toBeInstanceOf(BallastConfigError);
    expect(error.code).toBe('BALLAST_CONFIG_VALIDATION_FAILED');
    expect(error.problems.map((p) => p.key)).toEqual(['APP_NAME', 'HTTP_TIMEOUT', 'DB_PORT', 'DB_PASSWORD']);
    expect(error.problems.find((p) => p.key === 'DB_PORT')?.namespace).toBe('db');
    expect(error.message).not.toContain('canary-password-9');
  });

  it('isGlobal: false keeps ConfigService to the importing module', async () => {
    @Injectable()
    class NeedsConfig {
      constructor(readonly config: ConfigService) {}
    }
    @Module({ providers: [NeedsConfig] })
    class ElsewhereModule {}
    @Module({ imports: [BallastConfigModule.forRoot({ ...baseOptions, isGlobal: false }), ElsewhereModule] })
    class AppModule {}
    await expect(boot(AppModule)).rejects.toThrow(/NeedsConfig/);
  });

  it('refuses isGlobal returned by a forRootAsync factory, saying where it belongs', async () => {
    @Module({
      imports: [
        BallastConfigModule.forRootAsync({
          useFactory: () => ({ ...baseOptions, isGlobal: false }) as never,
        }),
      ],
    })
    class FactoryExtraModule {}
    await expect(boot(FactoryExtraModule)).rejects.toThrow(
      /- isGlobal: unknown option here; isGlobal is an option of forRoot\(\)\/forRootAsync\(\) itself, not of the options the factory returns/,
    );
  });

  it('refuses invalid options with a message naming the option', async () => {
    @Module({ imports: [BallastConfigModule.forRoot({ schema: { PORT: 3000 } as never, logSummary: 1 as never })] })
    class BadModule {}
    await expect(boot(BadModule)).rejects.toThrow(
      /Invalid BallastConfigModule options:\n- schema: must be a Joi object schema[^\n]*\n- logSummary: must be a boolean/,
    );
  });
});
