import { type DynamicModule, Inject, Module, type NestModule } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RESOLVED_CONTEXT_OPTIONS } from './context.constants.js';
import {
  ContextConfigurableModuleClass,
  CONTEXT_MODULE_OPTIONS,
  type CONTEXT_OPTIONS_TYPE,
} from './context.module-definition.js';
import type { ResolvedContextOptions } from './context.options.js';
import { resolveContextOptions } from './context.options.resolve.js';
import { RequestContextService } from './context.service.js';
import { installHttpContext, type HookableHttpAdapter } from './http/http-context.hook.js';

/**
 * Request context for the whole app: every HTTP request (Express or Fastify) runs inside a context carrying one
 * request id, readable anywhere through `RequestContext` or `RequestContextService`. Global by default.
 *
 * @example
 * @Module({ imports: [BallastContextModule.forRoot()] })
 * export class AppModule {}
 */
@Module({
  providers: [
    // Runs for forRoot and forRootAsync alike: options are checked once, here.
    { provide: RESOLVED_CONTEXT_OPTIONS, inject: [CONTEXT_MODULE_OPTIONS], useFactory: resolveContextOptions },
    RequestContextService,
  ],
  exports: [RequestContextService],
})
export class BallastContextModule extends ContextConfigurableModuleClass implements NestModule {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(RESOLVED_CONTEXT_OPTIONS) private readonly options: ResolvedContextOptions,
  ) {
    super();
  }

  /**
   * Registers the module with `options` (all optional; see `ContextModuleOptions`). Global unless `isGlobal: false`.
   * `forRoot()` with no argument is the same as `forRoot({})` (NestJS 11's builder needs an object).
   */
  static override forRoot(options: typeof CONTEXT_OPTIONS_TYPE = {}): DynamicModule {
    return super.forRoot(options);
  }

  /**
   * Nest calls this while it initializes an HTTP app, after the adapter exists and before any route is registered,
   * for `NestFactory.create()` and `Test.createTestingModule()` apps alike. Not called for application contexts and
   * microservices, which have no HTTP adapter (use `@WithRequestContext()` there).
   */
  configure(): void {
    installHttpContext(this.adapterHost?.httpAdapter as HookableHttpAdapter | undefined, this.options);
  }
}
