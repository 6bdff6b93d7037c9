import Joi from 'joi';
import { defineNamespace } from './config.namespace.js';
import { resolveConfigOptions } from './config.options.resolve.js';

describe('resolveConfigOptions', () => {
  it('applies defaults: the .env cascade in the working directory, process.env', () => {
    const resolved = resolveConfigOptions({ env: { NODE_ENV: 'production' }, envDir: '/srv/app' });
    expect(resolved.envFiles).toEqual([
      '/srv/app/.env.production.local',
      '/srv/app/.env.production',
      '/srv/app/.env.local',
      '/srv/app/.env',
    ]);
    expect(resolved).toMatchObject({ expandVariables: false, logSummary: false, assignToProcessEnv: true });
    expect(resolveConfigOptions({}).env).toBe(process.env);
    expect(resolveConfigOptions({ env: {}, envDir: '/a' }).envFiles).toEqual(['/a/.env.local', '/a/.env']);
    expect(resolveConfigOptions({ ignoreEnvFile: true }).envFiles).toEqual([]);
  });

  it('lists every invalid option in one error, naming the option and the fix', () => {
    let message = '';
    try {
      resolveConfigOptions(
        {
          schema: { PORT: Joi.number() } as never,
          envFilePath: 3 as never,
          expandVariables: 'yes' as never,
          secretPatterns: ['_KEY'] as never,
          typoWarnings: { prefixes: [] },
          shema: 1,
        } as never,
        [{}],
      );
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Invalid BallastConfigModule options:/);
    expect(message).toContain('- schema: must be a Joi object schema');
    expect(message).toContain('- envFilePath: must be a path or an array of paths');
    expect(message).toContain('- expandVariables: must be a boolean');
    expect(message).toContain('- secretPatterns: must be an array of regular expressions');
    expect(message).toContain('- typoWarnings.prefixes: must be a non-empty array');
    expect(message).toContain('- shema: unknown option');
    expect(message).toContain('- namespaces[0]: is not a namespace');
  });

  it('refuses two namespaces with one name, and extras returned by a forRootAsync factory', () => {
    const a = defineNamespace('db', { DB_HOST: Joi.string() }, (v) => v);
    const b = defineNamespace('db', { DB_PORT: Joi.number() }, (v) => v);
    expect(() => resolveConfigOptions({}, [a, b])).toThrow(/namespaces\[1\]: the name 'db' is used twice/);
    expect(() => resolveConfigOptions({ namespaces: [a] } as never)).toThrow(
      /namespaces: pass it to forRootAsync\(\{ namespaces, useFactory \}\) itself/,
    );
  });

  it("names ballast's equivalent of each @nestjs/config option, and suggests the option a typo meant", () => {
    const message = (options: Record<string, unknown>) => {
      try {
        resolveConfigOptions(options as never);
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    };
    const all = message({
      validationSchema: Joi.object(),
      validationOptions: { abortEarly: false },
      validate: () => ({}),
      load: [() => ({})],
      cache: true,
      validatePredefined: true,
      ignoreEnvVars: true,
      skipProcessEnv: true,
      override: true,
      parser: () => ({}),
      expandVariables: { processEnv: {} },
      shema: 1,
      envFilePaths: '.env',
      logsummary: true,
    });
    expect(all).toContain("- validationSchema: is @nestjs/config's name; use `schema` (a Joi object schema");
    expect(all).toContain('- validationOptions: is not needed: ballast always validates with abortEarly: false');
    expect(all).toContain('- validate: is not supported: validation is `schema` (Joi) plus the namespaces');
    expect(all).toContain("- load: is @nestjs/config's way to add namespaces; declare them with defineNamespace()");
    expect(all).toContain('and pass them in `namespaces`');
    expect(all).toContain('- cache: is not needed');
    expect(all).toContain('- validatePredefined: is not needed');
    expect(all).toContain(
      '- ignoreEnvVars: is not supported; to read no real environment (e.g. in tests) pass `env: {}`',
    );
    expect(all).toContain("- skipProcessEnv: is @nestjs/config's name; use `assignToProcessEnv: false`");
    expect(all).toContain('- override: is not supported: the real environment always wins');
    expect(all).toContain('- parser: is not supported');
    expect(all).toContain('- expandVariables: must be a boolean; dotenv-expand options are not supported');
    expect(all).toContain('- shema: unknown option; did you mean schema?');
    expect(all).toContain('- envFilePaths: unknown option; did you mean envFilePath?');
    expect(all).toContain('- logsummary: unknown option; did you mean logSummary?');
    expect(message({ frobnicate: 1 })).toContain('- frobnicate: unknown option; check its spelling');
    // the names both modules share are ballast options
    expect(message({ envFilePath: '.env', ignoreEnvFile: true, expandVariables: true })).toBe('');
  });
});
