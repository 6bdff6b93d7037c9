import { ConfigurableModuleBuilder, type DynamicModule } from '@nestjs/common';

/** What every ballast module takes next to its options: `isGlobal` (global unless `isGlobal: false`). */
export interface BallastModuleExtras {
  isGlobal?: boolean;
}

/** Extras of a module's own (cache's `cacheNames`, config's `namespaces`): their defaults and what they add. */
export interface ModuleExtension<Extras extends BallastModuleExtras> {
  defaults: Omit<Extras, 'isGlobal'>;
  /** Adds the extras' providers to the module (`global` is already set from `isGlobal`). */
  extend(definition: DynamicModule, extras: Extras): DynamicModule;
}

/**
 * The dynamic-module builder every ballast module uses: `forRoot(options)` / `forRootAsync({ useFactory | useClass |
 * useExisting, inject, imports })`, a `create<Name>Options()` method for `useClass`, the `isGlobal` extra, and the
 * module's own extras when it has some. Both type parameters are given: `buildBallastModule<HealthModuleOptions,
 * 'Health'>('Health')` (the name types the `createHealthOptions` method of `useClass` factories). @internal
 */
export function buildBallastModule<
  Options,
  const Name extends string,
  Extras extends BallastModuleExtras = BallastModuleExtras,
>(name: Name, extension?: ModuleExtension<Extras>) {
  return new ConfigurableModuleBuilder<Options>({ moduleName: `Ballast${name}` })
    .setClassMethodName('forRoot')
    .setFactoryMethodName(`create${name}Options` as const)
    .setExtras<Extras>({ isGlobal: true, ...extension?.defaults } as Extras, (definition, extras) => {
      const global = { ...definition, global: extras.isGlobal };
      return extension === undefined ? global : extension.extend(global, extras);
    })
    .build();
}
