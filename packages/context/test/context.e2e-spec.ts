import { Module } from '@nestjs/common';
import { adapters, bootApp } from '@ballast/test-support';
import { BallastContextModule, RequestContextService } from '../src/index.js';

@Module({
  imports: [BallastContextModule.forRootAsync({ useFactory: async () => ({ enabled: true }) })],
})
class AsyncAppModule {}

describe.each(adapters)('BallastContextModule on $name', (adapter) => {
  it('boots with forRoot and injects its service', async () => {
    @Module({ imports: [BallastContextModule.forRoot({})] })
    class AppModule {}
    const app = await bootApp(AppModule, adapter);
    try {
      expect(app.nest.get(RequestContextService).options.enabled).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('boots with forRootAsync (useFactory)', async () => {
    const app = await bootApp(AsyncAppModule, adapter);
    try {
      expect(app.nest.get(RequestContextService)).toBeInstanceOf(RequestContextService);
    } finally {
      await app.close();
    }
  });

  it('refuses invalid options with a message naming the option', async () => {
    @Module({ imports: [BallastContextModule.forRoot({ enabled: 1 as unknown as boolean })] })
    class BadModule {}
    await expect(bootApp(BadModule, adapter)).rejects.toThrow(/enabled: must be a boolean/);
  });
});
