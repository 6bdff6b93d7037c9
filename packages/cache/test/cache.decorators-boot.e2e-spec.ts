import { Controller, Get, Inject, Injectable, Module, Scope } from '@nestjs/common';
import { NestFactory, REQUEST } from '@nestjs/core';
import { BallastCacheError, BallastCacheModule, Cacheable, CacheEvict, CacheService } from '../src/index.js';

// Cache decorators wrap the one instance of a singleton provider at startup. Anywhere else they would silently do
// nothing, so the module refuses to boot with a code and the fix.

@Controller('users')
class CachingController {
  @Cacheable({ key: 'users' })
  @Get()
  async list(): Promise<string[]> {
    return ['ada'];
  }
}

@Injectable({ scope: Scope.REQUEST })
class RequestScopedService {
  @Cacheable({ key: 'scoped' })
  async find(): Promise<string> {
    return 'x';
  }
}

@Injectable()
class ImplicitlyScopedService {
  constructor(@Inject(REQUEST) readonly request: unknown) {}

  @CacheEvict({ keys: 'implicit' })
  async update(): Promise<void> {}
}

@Injectable({ scope: Scope.REQUEST, durable: true })
class DurableService {
  @Cacheable({ key: 'durable' })
  async find(): Promise<string> {
    return 'x';
  }
}

@Injectable({ scope: Scope.TRANSIENT })
class TransientService {
  @Cacheable({ key: 'transient' })
  async find(): Promise<string> {
    return 'x';
  }
}

@Injectable()
class SingletonService {
  loads = 0;

  @Cacheable({ key: 'singleton' })
  async find(): Promise<string> {
    this.loads++;
    return 'fresh';
  }

  @CacheEvict({ keys: 'singleton' })
  async update(): Promise<void> {}
}

async function bootError(
  module: { providers?: unknown[]; controllers?: unknown[] },
  http = false,
): Promise<BallastCacheError> {
  @Module({ imports: [BallastCacheModule.forRoot({})], ...module } as never)
  class AppModule {}
  const app = http
    ? NestFactory.create(AppModule, { logger: false, abortOnError: false }).then((a) => a.init())
    : NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
  let caught: unknown;
  try {
    const started = await app;
    await started.close();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(BallastCacheError);
  return caught as BallastCacheError;
}

describe('cache decorators where they cannot work fail at boot', () => {
  it('@Cacheable on a controller method: the code, the method and @HttpCache() as the fix', async () => {
    const error = await bootError({ controllers: [CachingController] }, true);
    expect(error.code).toBe('BALLAST_CACHE_DECORATOR_UNSUPPORTED_HOST');
    expect(error.message).toContain('@Cacheable on CachingController.list (a controller)');
    expect(error.message).toContain('@HttpCache()');
    expect(error.message).toContain('singleton provider');
  });

  it('@Cacheable on a Scope.REQUEST provider', async () => {
    const error = await bootError({ providers: [RequestScopedService] });
    expect(error.code).toBe('BALLAST_CACHE_DECORATOR_UNSUPPORTED_HOST');
    expect(error.message).toContain('@Cacheable on RequestScopedService.find (a request-scoped provider)');
    expect(error.message).toContain('move the cached method to a singleton service');
  });

  it('@CacheEvict on a provider made request-scoped by injecting REQUEST', async () => {
    const error = await bootError({ providers: [ImplicitlyScopedService] });
    expect(error.code).toBe('BALLAST_CACHE_DECORATOR_UNSUPPORTED_HOST');
    expect(error.message).toContain('@CacheEvict on ImplicitlyScopedService.update (a request-scoped provider)');
    expect(error.message).toContain('injecting REQUEST');
  });

  it('durable and transient providers, all listed in one error', async () => {
    const error = await bootError({ providers: [DurableService, TransientService] });
    expect(error.code).toBe('BALLAST_CACHE_DECORATOR_UNSUPPORTED_HOST');
    expect(error.message).toContain('@Cacheable on DurableService.find (a request-scoped provider)');
    expect(error.message).toContain('@Cacheable on TransientService.find (a transient provider)');
  });

  it('a singleton provider still boots and caches', async () => {
    @Module({ imports: [BallastCacheModule.forRoot({})], providers: [SingletonService] })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
    try {
      const service = app.get(SingletonService);
      expect(await service.find()).toBe('fresh');
      expect(await service.find()).toBe('fresh');
      expect(service.loads).toBe(1);
      expect(await app.get(CacheService).get('singleton')).toBe('fresh');
      await service.update();
      expect(await app.get(CacheService).get('singleton')).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
