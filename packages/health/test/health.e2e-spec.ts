import { Module } from '@nestjs/common';
import { adapters, bootApp } from '@ballast/test-support';
import { BallastHealthModule, HealthProbeService } from '../src/index.js';

@Module({
  imports: [BallastHealthModule.forRootAsync({ useFactory: async () => ({ enabled: true }) })],
})
class AsyncAppModule {}

describe.each(adapters)('BallastHealthModule on $name', (adapter) => {
  it('boots with forRoot and injects its service', async () => {
    @Module({ imports: [BallastHealthModule.forRoot({})] })
    class AppModule {}
    const app = await bootApp(AppModule, adapter);
    try {
      expect(app.nest.get(HealthProbeService).options.enabled).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('boots with forRootAsync (useFactory)', async () => {
    const app = await bootApp(AsyncAppModule, adapter);
    try {
      expect(app.nest.get(HealthProbeService)).toBeInstanceOf(HealthProbeService);
    } finally {
      await app.close();
    }
  });

  it('refuses invalid options with a message naming the option', async () => {
    @Module({ imports: [BallastHealthModule.forRoot({ enabled: 1 as unknown as boolean })] })
    class BadModule {}
    await expect(bootApp(BadModule, adapter)).rejects.toThrow(/enabled: must be a boolean/);
  });
});
