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
          schema: { PORT: 3000 } as never,
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
    expect(message).toContain(
      '- schema: must be a Joi object schema, a Standard Schema object schema (Zod, Valibot, ArkType) or a record of ' +
        'per-variable schemas, got an object. Write e.g. Joi.object({ PORT: port() }) or z.object({ PORT: z.coerce.number() }).',
    );
    expect(message).toContain('- envFilePath: must be a path or an array of paths, got 3.');
    expect(message).toContain('- expandVariables: must be a boolean (true or false), got "yes".');
    expect(message).toContain(
      '- secretPatterns: item 0 must be a regular expression, got "_KEY". Write e.g. [/_SALT$/].',
    );
    expect(message).toContain(
      '- typoWarnings.prefixes: must be a non-empty array of variable-name prefixes, got an array.',
    );
    expect(message).toContain('- shema: unknown option; did you mean schema?');
    expect(message).toContain('- namespaces[0]: is not a namespace');
  });

  it('refuses two namespaces with one name, and extras returned by a forRootAsync factory', () => {
    const a = defineNamespace('db', { DB_HOST: Joi.string() }, (v) => v);
    const b = defineNamespace('db', { DB_PORT: Joi.number() }, (v) => v);
    expect(() => resolveConfigOptions({}, [a, b])).toThrow(/namespaces\[1\]: the name 'db' is used twice/);
    expect(() => resolveConfigOptions({ namespaces: [a] } as never)).toThrow(
      /namespaces: unknown option; namespaces is an option of forRoot\(\)\/forRootAsync\(\) itself.*write forRootAsync\(\{ namespaces, useFactory \}\)/,
    );
    expect(() => resolveConfigOptions({ isGlobal: true } as never)).toThrow(
      /isGlobal: unknown option here; isGlobal is an option of forRoot\(\)\/forRootAsync\(\) itself.*write forRootAsync\(\{ isGlobal: true, useFactory \}\)/,
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
    expect(all).toContain(
      "- validationSchema: unknown option; @nestjs/config's validationSchema is `schema` here (a Joi",
    );
    expect(all).toContain(
      '- validationOptions: unknown option; not needed: ballast always validates with abortEarly: false',
    );
    expect(all).toContain(
      "- validate: unknown option; @nestjs/config's validate is `schema` here: pass the schema itself",
    );
    expect(all).toContain(
      "- load: unknown option; @nestjs/config's way to add namespaces; declare them with defineNamespace()",
    );
    expect(all).toContain('and pass them in `namespaces`');
    expect(all).toContain('- cache: unknown option; not needed');
    expect(all).toContain('- validatePredefined: unknown option; not needed');
    expect(all).toContain(
      '- ignoreEnvVars: unknown option; not supported; to read no real environment (e.g. in tests) pass `env: {}`',
    );
    expect(all).toContain(
      "- skipProcessEnv: unknown option; @nestjs/config's skipProcessEnv is `assignToProcessEnv: false` here",
    );
    expect(all).toContain('- override: unknown option; not supported: the real environment always wins');
    expect(all).toContain('- parser: unknown option; not supported');
    expect(all).toContain(
      '- expandVariables: must be a boolean (true or false), got an object. true expands ${VAR} against the .env files and the real environment; dotenv-expand options are not supported.',
    );
    expect(all).toContain('- shema: unknown option; did you mean schema?');
    expect(all).toContain('- envFilePaths: unknown option; did you mean envFilePath?');
    expect(all).toContain('- logsummary: unknown option; did you mean logSummary?');
    expect(message({ frobnicate: 1 })).toContain(
      '- frobnicate: unknown option; the options are schema, envFilePath, envDir,',
    );
    // the names both modules share are ballast options
    expect(message({ envFilePath: '.env', ignoreEnvFile: true, expandVariables: true })).toBe('');
  });
});
