import type Joi from 'joi';
import type { ConfigNamespace, EnvRecord, NamespaceSchemaMap } from './config.namespace.js';
import type { ConfigSchema } from './schemas/config-schema.js';
import type { StandardSchemaV1 } from './schemas/standard-schema.js';

/**
 * What `schema` takes: a Joi object schema, a Standard Schema object schema (`z.object()`, `v.object()`, ArkType's
 * `type({})`), or a record of per-variable schemas of either kind.
 */
export type ConfigSchemaInput = Joi.ObjectSchema | StandardSchemaV1<any, Record<string, any>> | NamespaceSchemaMap;

/** Options of `BallastConfigModule.forRoot()` / `forRootAsync()` (the `useFactory` result). */
export interface ConfigModuleOptions {
  /**
   * The app's environment, as one object schema whose keys are variable names: Joi (the default, with ballast's
   * helpers), or any Standard Schema library (Zod 4, Valibot 1, ArkType 2), or a record of per-variable schemas.
   * Values are validated and coerced (`port()` gives a number); every problem is reported at once; undeclared
   * variables are allowed; async refinements are awaited.
   * @default undefined (only the namespaces' variables are validated)
   * @example schema: Joi.object({ PORT: port().default(3000), DATABASE_URL: url().required() })
   * @example schema: z.object({ PORT: z.coerce.number().default(3000), DATABASE_URL: secret(z.url()) })
   */
  schema?: ConfigSchemaInput;

  /**
   * The `.env` file(s) to read, highest precedence first; relative paths are resolved against `envDir`. Missing
   * files are skipped. Real environment variables always win over files.
   * @default ['.env.${NODE_ENV}.local', '.env.${NODE_ENV}', '.env.local', '.env'] (without the first two when NODE_ENV is unset)
   */
  envFilePath?: string | string[];

  /**
   * The directory the `.env` files are looked up in.
   * @default process.cwd()
   */
  envDir?: string;

  /**
   * Skip `.env` files altogether (e.g. in containers, where the platform injects the environment).
   * @default false
   */
  ignoreEnvFile?: boolean;

  /**
   * Expand `${VAR}` references in `.env` files (dotenv-expand), against the files and the real environment.
   * @default false
   */
  expandVariables?: boolean;

  /**
   * Extra raw values, e.g. fetched from a secret manager in a `forRootAsync` factory. They rank above `.env` files
   * and below the real environment, are validated like the rest and reported as source `provided`.
   * @default {}
   */
  values?: Record<string, string | undefined>;

  /**
   * The environment to read.
   * @default process.env
   */
  env?: EnvRecord;

  /**
   * More variable-name patterns to treat as secret, added to the defaults (`*_SECRET`, `*_PASSWORD`, `*_PASS`,
   * `*_PWD`, `*_TOKEN`, `*_KEY`, `*_DSN`, `*_CREDENTIALS`, `PGPASSWORD`...; the README's Secrets section has the
   * whole rule). Variables marked with `secret()` / `.meta({ secret: true })` are secret too.
   * @default []
   * @example secretPatterns: [/^LICENSE$/, /_SIGNING_SALT$/]
   */
  secretPatterns?: RegExp[];

  /**
   * Warn (through Nest's Logger) about set variables under these prefixes that no schema declares but that are a
   * likely typo of a declared one (`APP_DATABSE_URL` → did you mean `APP_DATABASE_URL`?). Only names are compared.
   * @default undefined (off)
   * @example typoWarnings: { prefixes: ['APP_', 'DB_'] }
   */
  typoWarnings?: {
    /** Variable-name prefixes to look at, e.g. `['APP_']`. */
    prefixes: string[];
    /**
     * Largest edit distance still reported as a typo.
     * @default 2
     */
    maxDistance?: number;
  };

  /**
   * Log the effective configuration (`describe()`, secrets redacted) once at startup, through Nest's Logger.
   * @default false
   */
  logSummary?: boolean;

  /**
   * Copy the variables read from `.env` files into `process.env` (never overriding it), so libraries that read
   * `process.env` directly see them, as with @nestjs/config. `NAME_FILE` secrets and `values` are never copied.
   * @default true
   */
  assignToProcessEnv?: boolean;
}

/** Extras of forRoot/forRootAsync: static, known before dependency injection. */
export interface ConfigModuleExtras {
  /**
   * Register the module globally, so `ConfigService`, `BallastConfigService` and the namespaces are injectable everywhere.
   * @default true
   */
  isGlobal?: boolean;
  /**
   * Namespaces made with `defineNamespace()`: each is validated at boot (all errors in one report) and injectable
   * with `@Inject(ns.KEY)`.
   * @default []
   */
  namespaces?: ConfigNamespace<string, any, any>[];
}

/** Options after validation, with every default applied. @internal */
export interface ResolvedConfigOptions {
  schema: ConfigSchema | undefined;
  namespaces: ConfigNamespace<string, any, unknown>[];
  envFiles: string[];
  expandVariables: boolean;
  values: Record<string, string | undefined>;
  env: EnvRecord;
  secretPatterns: RegExp[];
  typoWarnings: { prefixes: string[]; maxDistance: number } | undefined;
  logSummary: boolean;
  assignToProcessEnv: boolean;
}
