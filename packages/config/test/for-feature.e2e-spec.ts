import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inject, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, ConfigService, registerAs, type ConfigType } from '@nestjs/config';
import { BallastConfigError, BallastConfigModule, BallastConfigService } from '../src/index.js';
import Joi from 'joi';

// registerAs factories read process.env; these variables are defined only in the .env cascade (or the real env).
const KEYS = ['BALLAST_FF_DB_URL', 'BALLAST_FF_POOL', 'BALLAST_FF_REAL'] as const;
const dbConfig = registerAs('ffdb', () => ({
  url: process.env.BALLAST_FF_DB_URL,
  pool: process.env.BALLAST_FF_POOL,
  real: process.env.BALLAST_FF_REAL,
}));

@Injectable()
class Reader {
  constructor(
    @Inject(dbConfig.KEY) readonly db: ConfigType<typeof dbConfig>,
    readonly config: ConfigService,
  ) {}
}
@Module({ imports: [ConfigModule.forFeature(dbConfig)], providers: [Reader], exports: [Reader] })
class DbModule {}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ballast-feature-'));
  writeFileSync(
    join(dir, '.env'),
    'BALLAST_FF_DB_URL=postgres://env-file/db\nBALLAST_FF_POOL=5\nBALLAST_FF_REAL=file\n',
  );
  writeFileSync(join(dir, '.env.local'), 'BALLAST_FF_DB_URL=postgres://env-local/db\n');
  process.env.BALLAST_FF_REAL = 'real';
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const key of KEYS) delete process.env[key];
});

describe('ConfigModule.forFeature(registerAs(...)) next to BallastConfigModule', () => {
  it('forRoot: the registerAs factory sees the .env cascade (.env.local over .env, the real env over both)', async () => {
    @Module({ imports: [BallastConfigModule.forRoot({ envDir: dir }), DbModule] })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    try {
      const reader = app.get(Reader);
      const expected = { url: 'postgres://env-local/db', pool: '5', real: 'real' };
      expect(reader.db).toEqual(expected);
      expect(reader.config.get('ffdb')).toEqual(expected);
    } finally {
      await app.close();
    }
  });

  it('forRoot: describe() still names the .env file of a value copied into process.env', async () => {
    const schema = Joi.object({ BALLAST_FF_DB_URL: Joi.string(), BALLAST_FF_REAL: Joi.string() });
    @Module({ imports: [BallastConfigModule.forRoot({ envDir: dir, schema }), DbModule] })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    try {
      const entries = app.get(BallastConfigService).describe();
      expect(entries.map((e) => `${e.key}:${e.source}:${e.from ?? ''}`)).toEqual([
        'BALLAST_FF_DB_URL:file:.env.local',
        'BALLAST_FF_REAL:env:',
      ]);
    } finally {
      await app.close();
    }
  });

  it('forRootAsync: a registerAs factory that ran before the .env files were loaded fails the boot, saying what to do', async () => {
    @Module({
      imports: [BallastConfigModule.forRootAsync({ useFactory: async () => ({ envDir: dir }) }), DbModule],
    })
    class AppModule {}
    const error = (await NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false }).catch(
      (e: unknown) => e,
    )) as BallastConfigError;
    expect(error).toBeInstanceOf(BallastConfigError);
    expect(error.code).toBe('BALLAST_CONFIG_FEATURE_READ_TOO_EARLY');
    expect(error.message).toContain("registerAs('ffdb')");
    expect(error.message).toContain('BallastConfigModule.forRoot(');
    expect(error.message).toContain('defineNamespace');
    expect(error.message).not.toContain('env-local');
  });

  it('forRootAsync: a registerAs factory that reads no .env value boots, even if it is not pure', async () => {
    const plain = registerAs('ffplain', () => ({
      real: process.env.BALLAST_FF_REAL,
      id: Math.random(),
      transform: (v: string) => v.trim(),
    }));
    @Module({ imports: [ConfigModule.forFeature(plain)] })
    class PlainModule {}
    @Module({ imports: [BallastConfigModule.forRootAsync({ useFactory: async () => ({ envDir: dir }) }), PlainModule] })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    try {
      expect(app.get(ConfigService).get('ffplain.real')).toBe('real');
      expect(process.env.BALLAST_FF_POOL).toBe('5');
    } finally {
      await app.close();
    }
  });
});
