import { ConfigurableModuleBuilder } from '@nestjs/common';

/**
 * The dynamic-module builder every ballast module uses: `forRoot(options)` / `forRootAsync({ useFactory | useClass |
 * useExisting, inject, imports })`, a `create<Name>Options()` method for `useClass`, and the `isGlobal` extra (global
 * unless `isGlobal: false`). Modules with extras of their own (cache's `cacheNames`, config's `namespaces`) build
 * theirs with Nest's builder directly. Both type parameters are given: `buildBallastModule<HealthModuleOptions,
 * 'Health'>('Health')` (the name types the `createHealthOptions` method of `useClass` factories). @internal
 */
export function buildBallastModule<Options, const Name extends string>(name: Name) {
  return new ConfigurableModuleBuilder<Options>({ moduleName: `Ballast${name}` })
    .setClassMethodName('forRoot')
    .setFactoryMethodName(`create${name}Options` as const)
    .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
    .build();
}
