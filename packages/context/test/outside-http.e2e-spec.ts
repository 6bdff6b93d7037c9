import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventEmitter2, EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import { sleep } from '@ballast/test-support';
import { BallastContextModule, RequestContext, runWithRequestContext, WithRequestContext } from '../src/index.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

@Injectable()
class ReportListener {
  seen: Array<{ id: string | undefined; job: unknown; payload: string }> = [];

  // Another library's decorator reads the method's metadata: @WithRequestContext() must keep it (either order).
  @OnEvent('report.requested', { promisify: true })
  @WithRequestContext({ fields: { job: 'report' } })
  async onReport(payload: string): Promise<void> {
    await sleep(Math.floor(Math.random() * 10));
    this.seen.push({ id: RequestContext.requestId(), job: RequestContext.fields().job, payload });
  }
}

@Module({ imports: [BallastContextModule.forRoot(), EventEmitterModule.forRoot()], providers: [ReportListener] })
class WorkerModule {}

describe('request context outside HTTP (application context, event listeners)', () => {
  it('runs each event handled outside a request in its own context; inside one, keeps its id', async () => {
    // An application context: no HTTP adapter, the module must boot and install nothing.
    const app = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    try {
      const events = app.get(EventEmitter2);
      const listener = app.get(ReportListener);
      await Promise.all(['a', 'b', 'c'].map((payload) => events.emitAsync('report.requested', payload)));
      await runWithRequestContext(() => events.emitAsync('report.requested', 'from-request'), {
        requestId: 'req-9',
      });

      const outside = listener.seen.filter((s) => s.payload !== 'from-request');
      expect(outside).toHaveLength(3);
      for (const run of outside) {
        expect(run.id).toMatch(UUID);
        expect(run.job).toBe('report');
      }
      expect(new Set(outside.map((s) => s.id)).size).toBe(3);
      expect(listener.seen.find((s) => s.payload === 'from-request')?.id).toBe('req-9');
      expect(RequestContext.current()).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
