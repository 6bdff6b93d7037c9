import { Module } from '@nestjs/common';
import { adapters, bootApp } from '@ballast/test-support';
import { BallastConfigModule, BallastConfigService } from '../src/index.js';

@Module({
  imports: [BallastConfigModule.forRootAsync({ useFactory: async () => ({ enabled: true }) })],
})
class AsyncAppModule {}

describe.each(adapters)('BallastConfigModule on $name', (adapter) => {
  it('boots with forRoot and injects its service', async () => {
    @Module({ imports: [BallastConfigModule.forRoot({})] })
    class AppModule {}
    const app = await bootApp(AppModule, adapter);
    try {
      expect(app.nest.get(BallastConfigService).options.enabled).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('boots with forRootAsync (useFactory)', async () => {
    const app = await bootApp(AsyncAppModule, adapter);
    try {
      expect(app.nest.get(BallastConfigService)).toBeInstanceOf(BallastConfigService);
    } finally {
      await app.close();
    }
  });

  it('refuses invalid options with a message naming the option', async () => {
    @Module({ imports: [BallastConfigModule.forRoot({ enabled: 1 as unknown as boolean })] })
    class BadModule {}
    await expect(bootApp(BadModule, adapter)).rejects.toThrow(/enabled: must be a boolean/);
  });
});
