import 'reflect-metadata';
import { Controller, Get, Inject, Injectable, Module, Scope, SetMetadata } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner, REQUEST } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { discoverMethods } from './discover-methods.js';

const MARK = 'test:mark';
const OTHER = 'test:other';
const Mark = (value: string) => SetMetadata(MARK, value);

@Injectable()
class SingletonService {
  @Mark('a')
  marked(): string {
    return 'a';
  }
  @SetMetadata(OTHER, { x: 1 })
  @Mark('b')
  both(): void {}
  plain(): void {}
}

@Injectable({ scope: Scope.REQUEST })
class RequestScopedService {
  @Mark('c')
  marked(): void {}
}

@Injectable()
class DependsOnRequest {
  constructor(@Inject(REQUEST) readonly request: unknown) {}
  @Mark('d')
  marked(): void {}
}

@Injectable({ scope: Scope.TRANSIENT })
class TransientService {
  @Mark('f')
  marked(): void {}
}

@Controller()
class MarkedController {
  @Get()
  @Mark('e')
  index(): string {
    return 'ok';
  }
}

@Module({
  imports: [DiscoveryModule],
  controllers: [MarkedController],
  providers: [
    SingletonService,
    RequestScopedService,
    DependsOnRequest,
    TransientService,
    { provide: 'FACTORY', useFactory: () => ({ marked: () => undefined }) },
  ],
})
class AppModule {}

describe('discoverMethods', () => {
  it('finds every marked method of providers and controllers, and says which hosts are not static', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    await moduleRef.init();
    try {
      const found = discoverMethods(moduleRef.get(DiscoveryService), moduleRef.get(MetadataScanner), [MARK, OTHER]);
      const summary = found
        .map((m) => `${m.host} ${m.className}.${m.methodName} ${m.scope} ${JSON.stringify(m.metadata)}`)
        .sort();
      expect([...new Set(summary)]).toEqual([
        'controller MarkedController.index singleton {"test:mark":"e"}',
        'provider DependsOnRequest.marked request {"test:mark":"d"}',
        'provider RequestScopedService.marked request {"test:mark":"c"}',
        'provider SingletonService.both singleton {"test:mark":"b","test:other":{"x":1}}',
        'provider SingletonService.marked singleton {"test:mark":"a"}',
        'provider TransientService.marked transient {"test:mark":"f"}',
      ]);
      expect(found.filter((m) => m.isStatic).every((m) => m.scope === 'singleton')).toBe(true);
      const singleton = found.find((m) => m.className === 'SingletonService')!;
      expect(singleton.instance).toBe(moduleRef.get(SingletonService));
      expect(found.find((m) => m.className === 'RequestScopedService')!.instance).toBeUndefined();
    } finally {
      await moduleRef.close();
    }
  });
});
