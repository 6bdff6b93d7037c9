import type { FactoryProvider, Provider } from '@nestjs/common';
import { buildBallastModule } from '@ballast/kernel';
import { CONFIG_NAMESPACES, LOADED_CONFIG } from './config.constants.js';
import { isConfigNamespace } from './config.namespace.js';
import type { ConfigModuleExtras, ConfigModuleOptions } from './config.options.js';
import type { LoadedConfig } from './loader/load-config.js';

export const {
  ConfigurableModuleClass: ConfigConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: CONFIG_MODULE_OPTIONS,
  OPTIONS_TYPE: CONFIG_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: CONFIG_ASYNC_OPTIONS_TYPE,
} = buildBallastModule<ConfigModuleOptions, 'Config', ConfigModuleExtras>('Config', {
  defaults: { namespaces: [] },
  extend: (definition, extras) => {
    // Namespaces are static (code, not data), so their providers exist for forRoot and forRootAsync alike.
    const namespaces = Array.isArray(extras.namespaces) ? extras.namespaces.filter(isConfigNamespace) : [];
    const namespaceProviders: FactoryProvider[] = namespaces.map((ns) => ({
      provide: ns.KEY,
      inject: [LOADED_CONFIG],
      useFactory: (loaded: LoadedConfig) => loaded.namespaces[ns.namespace],
    }));
    const providers: Provider[] = [
      ...(definition.providers ?? []),
      { provide: CONFIG_NAMESPACES, useValue: extras.namespaces },
      ...namespaceProviders,
    ];
    return {
      ...definition,
      providers,
      exports: [...(definition.exports ?? []), ...namespaceProviders.map((p) => p.provide)],
    };
  },
});
