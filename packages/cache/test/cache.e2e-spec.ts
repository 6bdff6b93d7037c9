import { Module } from '@nestjs/common';
import { adapters, bootApp } from '@ballast/test-support';
import { BallastCacheModule, CacheService } from '../src/index.js';

@Module({
  imports: [BallastCacheModule.forRootAsync({ useFactory: async () => ({ enabled: true }) })],
})
class AsyncAppModule {}

describe.each(adapters)('BallastCacheModule on $name', (adapter) => {
  it('boots with forRoot and injects its service', async () => {
    @Module({ imports: [BallastCacheModule.forRoot({})] })
    class AppModule {}
    const app = await bootApp(AppModule, adapter);
    try {
      expect(app.nest.get(CacheService).options.enabled).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('boots with forRootAsync (useFactory)', async () => {
    const app = await bootApp(AsyncAppModule, adapter);
    try {
      expect(app.nest.get(CacheService)).toBeInstanceOf(CacheService);
    } finally {
      await app.close();
    }
  });

  it('refuses invalid options with a message naming the option', async () => {
    @Module({ imports: [BallastCacheModule.forRoot({ enabled: 1 as unknown as boolean })] })
    class BadModule {}
    await expect(bootApp(BadModule, adapter)).rejects.toThrow(/enabled: must be a boolean/);
  });
});
