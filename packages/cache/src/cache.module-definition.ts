import type { DynamicModule, Provider } from '@nestjs/common';
import { buildBallastModule } from '@ballast/kernel';
import { getCacheToken } from './cache.constants.js';
import type { CacheModuleOptions } from './cache.options.js';
import { CacheRegistry } from './cache.registry.js';

/** Extras of forRoot/forRootAsync (not part of the options object the factory returns). */
export interface CacheModuleExtras {
  /** Register the module globally. @default true */
  isGlobal?: boolean;
  /**
   * forRootAsync only: names of the named caches the factory returns in `caches`, so they can be injected with
   * `@InjectCache(name)` (Nest needs the tokens before the factory runs). forRoot reads them from `caches`.
   * @default []
   */
  cacheNames?: string[];
}

export const {
  ConfigurableModuleClass: CacheConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: CACHE_MODULE_OPTIONS,
  OPTIONS_TYPE: CACHE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: CACHE_ASYNC_OPTIONS_TYPE,
} = buildBallastModule<CacheModuleOptions, 'Cache', CacheModuleExtras>('Cache', {
  defaults: { cacheNames: [] },
  extend: (definition, extras) => withNamedCaches(definition, extras.cacheNames ?? []),
});

/** Adds one provider (and export) per named cache, so `@InjectCache(name)` resolves. @internal */
function withNamedCaches(definition: DynamicModule, names: string[]): DynamicModule {
  const providers: Provider[] = [...new Set(names)].map((name) => ({
    provide: getCacheToken(name),
    inject: [CacheRegistry],
    useFactory: (registry: CacheRegistry) => registry.get(name),
  }));
  return {
    ...definition,
    providers: [...(definition.providers ?? []), ...providers],
    exports: [...(definition.exports ?? []), ...providers.map((p) => (p as { provide: string }).provide)],
  };
}
