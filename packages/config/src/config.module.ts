import { isDeepStrictEqual } from 'node:util';
import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { reportConfigError } from './config.bootstrap.js';
import { featureReadTooEarly } from './config.errors.js';
import {
  CONFIG_NAMESPACES,
  LOADED_CONFIG,
  NEST_CONFIGURATION_TOKEN,
  NEST_VALIDATED_ENV_PROPNAME,
  RESOLVED_CONFIG_OPTIONS,
} from './config.constants.js';
import {
  ConfigConfigurableModuleClass,
  CONFIG_MODULE_OPTIONS,
  type CONFIG_OPTIONS_TYPE,
} from './config.module-definition.js';
import type { ConfigModuleOptions, ResolvedConfigOptions } from './config.options.js';
import { resolveConfigOptions } from './config.options.resolve.js';
import { BallastConfigService } from './config.service.js';
import { copyToProcessEnv, readEnvFiles } from './loader/env-files.js';
import { formatEntries } from './loader/entries.js';
import { loadConfigAsync, type LoadedConfig } from './loader/load-config.js';

function reporting<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    try {
      const result = fn(...args);
      if (result instanceof Promise) {
        return result.catch((error: unknown) => {
          reportConfigError(error);
          throw error;
        }) as R;
      }
      return result;
    } catch (error) {
      reportConfigError(error);
      throw error;
    }
  };
}

/** Loads, validates and publishes the configuration into @nestjs/config's host object. @internal */
export async function loadIntoNest(
  options: ResolvedConfigOptions,
  host: Record<string, unknown>,
  modules?: ModulesContainer,
): Promise<LoadedConfig> {
  // Awaits the schemas that validate asynchronously; a sync schema's problems are reported at the same moment.
  const loaded = await loadConfigAsync(options);
  // What ConfigService.get() reads: validated values first, namespaces under their name (like registerAs).
  host[NEST_VALIDATED_ENV_PROPNAME] = { ...(host[NEST_VALIDATED_ENV_PROPNAME] as object), ...loaded.values };
  for (const [name, value] of Object.entries(loaded.namespaces)) host[name] = value;
  if (options.assignToProcessEnv && options.env === process.env) {
    const copied = copyToProcessEnv(Object.entries(loaded.fromEnvFiles));
    // forRootAsync copies only now: a registerAs() factory Nest already ran may have missed these values.
    const stale = copied.length > 0 && modules ? staleFeatures(modules, copied) : [];
    if (stale.length > 0) throw featureReadTooEarly(stale);
  }
  const logger = new Logger('BallastConfig');
  for (const warning of loaded.warnings) logger.warn(warning);
  if (options.logSummary) logger.log(`Effective configuration:\n${formatEntries(loaded.entries).join('\n')}`);
  return loaded;
}

/**
 * The namespaces of `ConfigModule.forFeature(registerAs(...))` factories that Nest ran before the `.env` files were
 * copied into `process.env`: the value Nest holds is what the factory builds without the `copied` variables, and it
 * builds another one with them. registerAs() factories take no dependencies and are meant to be pure functions of
 * `process.env`, so running one again is safe; one whose result is not comparable (functions, random or time-based
 * values) never matches and is never reported. A factory Nest has not run yet has no instance: it will see the values.
 */
function staleFeatures(modules: ModulesContainer, copied: readonly string[]): string[] {
  const run = (factory: () => unknown, withFiles: boolean): { value?: unknown; failed?: true } => {
    const saved = withFiles ? [] : copied.map((key) => [key, process.env[key]] as const);
    for (const [key] of saved) delete process.env[key];
    try {
      return { value: factory() };
    } catch {
      return { failed: true };
    } finally {
      for (const [key, value] of saved) process.env[key] = value;
    }
  };
  const stale: string[] = [];
  for (const moduleRef of modules.values()) {
    if (moduleRef.metatype !== ConfigModule) continue;
    for (const [token, wrapper] of moduleRef.providers) {
      const name = typeof token === 'string' ? /^CONFIGURATION\((.*)\)$/.exec(token)?.[1] : undefined;
      if (name === undefined || wrapper.instance === undefined || typeof wrapper.metatype !== 'function') continue;
      if ((wrapper.inject ?? []).length > 0) continue;
      const factory = wrapper.metatype as () => unknown;
      const without = run(factory, false);
      if (without.failed || !isDeepStrictEqual(without.value, wrapper.instance)) continue;
      const withFiles = run(factory, true);
      if (!withFiles.failed && !isDeepStrictEqual(withFiles.value, without.value)) stale.push(name);
    }
  }
  return stale;
}

/**
 * forRoot() copies the `.env` cascade into `process.env` at once, as @nestjs/config's forRoot() does: the
 * `registerAs()` factories of `ConfigModule.forFeature()` read `process.env` and Nest may run them before our own
 * providers. Invalid options are left for the RESOLVED_CONFIG_OPTIONS provider to report at boot.
 */
function copyEnvFilesEarly(options: typeof CONFIG_OPTIONS_TYPE): void {
  if (typeof options !== 'object' || options === null) return;
  const { namespaces: _namespaces, isGlobal: _isGlobal, ...rest } = options;
  let resolved: ResolvedConfigOptions;
  try {
    resolved = resolveConfigOptions(rest);
  } catch {
    return;
  }
  if (!resolved.assignToProcessEnv || resolved.env !== process.env || resolved.envFiles.length === 0) return;
  const files = readEnvFiles(resolved.envFiles, process.env, resolved.expandVariables, []);
  copyToProcessEnv([...files].map(([key, { value }]) => [key, value]));
}

/**
 * Validated, typed configuration on top of @nestjs/config: one Joi schema for the environment, typed namespaces,
 * `.env` files, `NAME_FILE` secrets, and one report listing every problem (without secret values) when it is wrong.
 * Global by default; `ConfigService` from @nestjs/config keeps working and returns the validated, coerced values.
 *
 * @example
 * @Module({
 *   imports: [BallastConfigModule.forRoot({ schema: Joi.object({ PORT: port().default(3000) }), namespaces: [dbConfig] })],
 * })
 * export class AppModule {}
 */
@Module({
  // The plain ConfigModule registers @nestjs/config's global host: any ConfigModule.forFeature() shares our values.
  imports: [ConfigModule],
  providers: [
    // Runs for forRoot and forRootAsync alike: options are checked once, here.
    {
      provide: RESOLVED_CONFIG_OPTIONS,
      inject: [CONFIG_MODULE_OPTIONS, CONFIG_NAMESPACES],
      useFactory: reporting((options: ConfigModuleOptions, namespaces: unknown) =>
        resolveConfigOptions(options, namespaces),
      ),
    },
    {
      provide: LOADED_CONFIG,
      inject: [RESOLVED_CONFIG_OPTIONS, NEST_CONFIGURATION_TOKEN, ModulesContainer],
      useFactory: reporting(loadIntoNest),
    },
    // Depends on LOADED_CONFIG, so whoever injects ConfigService (e.g. another module's forRootAsync factory) gets it
    // only once the values are validated. It reads @nestjs/config's shared host object.
    {
      provide: ConfigService,
      inject: [NEST_CONFIGURATION_TOKEN, LOADED_CONFIG],
      useFactory: (host: Record<string, unknown>) => new ConfigService(host),
    },
    BallastConfigService,
  ],
  exports: [ConfigService, BallastConfigService, LOADED_CONFIG],
})
export class BallastConfigModule extends ConfigConfigurableModuleClass {
  /** `forRoot()` with no argument is the same as `forRoot({})` (Nest's module builder needs an object). */
  static override forRoot(options: typeof CONFIG_OPTIONS_TYPE = {}): DynamicModule {
    copyEnvFilesEarly(options);
    return super.forRoot(options);
  }
}
