import { Controller, Get, Injectable, Module, type Type } from '@nestjs/common';
import { adapters, bootApp, sleep, type TestApp } from '@ballast/test-support';
import { BallastContextModule, RequestContext, runWithRequestContext } from '../src/index.js';

// An app that already uses nestjs-cls (6.x: 7.x needs Node 22) adds BallastContextModule: two AsyncLocalStorage
// instances side by side. Each must keep its own values through the request, and one can reuse the other's id.
//
// nestjs-cls 6 is CommonJS and require()s @nestjs/common. Under NestJS 12 (ESM-only) Node 20.19+ handles that
// (require(esm)), but Jest's own CommonJS loader cannot before Node 24.9: this suite then says so and is skipped.
// It runs under `pnpm jest:nest11`, and nestjs-cls.nest12.e2e-spec.ts checks the same against the built dist on 12.
let cls: typeof import('nestjs-cls') | undefined;
try {
  cls = await import('nestjs-cls');
} catch (error) {
  process.stdout.write(
    `skipped: nestjs-cls composition (Jest cannot require() ESM-only NestJS 12 from nestjs-cls on Node ${process.version}: ${(error as Error).message.split('\n')[0]})\n`,
  );
}

function appWithCls({ ClsModule, ClsService }: typeof import('nestjs-cls')): Type<unknown> {
  @Injectable()
  class Both {
    constructor(private readonly cls: InstanceType<typeof ClsService>) {}

    async read() {
      await sleep(Math.floor(Math.random() * 10));
      return { ballast: RequestContext.requestId(), clsId: this.cls.getId(), clsUser: this.cls.get<string>('user') };
    }
  }
  Reflect.defineMetadata('design:paramtypes', [ClsService], Both);

  @Controller()
  class BothController {
    constructor(
      private readonly both: Both,
      private readonly cls: InstanceType<typeof ClsService>,
    ) {}

    @Get('both')
    async get() {
      this.cls.set('user', `user-of-${RequestContext.requestId()}`);
      await sleep(Math.floor(Math.random() * 10));
      return this.both.read();
    }

    @Get('nested')
    async nested() {
      // A nestjs-cls run() inside a ballast request keeps the ballast id, and the other way round.
      const insideCls = await this.cls.run(async () => {
        await sleep(1);
        return RequestContext.requestId();
      });
      this.cls.set('user', 'outer-user');
      const insideBallast = await runWithRequestContext(async () => {
        await sleep(1);
        return this.cls.get<string>('user');
      });
      return { insideCls, insideBallast };
    }
  }
  Reflect.defineMetadata('design:paramtypes', [Both, ClsService], BothController);

  @Module({
    imports: [
      BallastContextModule.forRoot(),
      // nestjs-cls reuses the ballast id: one request id for both.
      ClsModule.forRoot({
        global: true,
        middleware: { mount: true, generateId: true, idGenerator: () => RequestContext.requestId() ?? 'none' },
      }),
    ],
    controllers: [BothController],
    providers: [Both],
  })
  class AppWithCls {}
  return AppWithCls;
}

(cls ? describe.each(adapters) : describe.skip.each(adapters))(
  'BallastContextModule next to nestjs-cls on $name',
  (adapter) => {
    let app: TestApp;
    beforeAll(async () => {
      app = await bootApp(appWithCls(cls!), adapter);
    });
    afterAll(async () => {
      await app?.close();
    });

    it('both contexts hold their values through the request, concurrently', async () => {
      const ids = Array.from({ length: 50 }, (_, i) => `cls-${i}`);
      const responses = await Promise.all(ids.map((id) => app.request('/both', { headers: { 'x-request-id': id } })));
      responses.forEach((res, i) => {
        expect(res.headers['x-request-id']).toBe(ids[i]);
        expect(res.body).toEqual({ ballast: ids[i], clsId: ids[i], clsUser: `user-of-${ids[i]}` });
      });
    });

    it('a run() of one inside the other keeps the outer values of both', async () => {
      const res = await app.request('/nested', { headers: { 'x-request-id': 'nest-1' } });
      expect(res.body).toEqual({ insideCls: 'nest-1', insideBallast: 'outer-user' });
    });
  },
);
