// Composition check on NestJS 12 against the built dist: an app using nestjs-cls 6 and BallastContextModule together.
//   pnpm --filter @ballast/context build && node bench/context-cls.mjs
// (The Jest suite packages/context/test/nestjs-cls.e2e-spec.ts runs the same on NestJS 11; on 12 Jest's CJS loader
// cannot load nestjs-cls, which require()s ESM-only @nestjs/common, while Node 20.19+ itself can.)
// Exits 1 on the first mismatch.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const fromContext = createRequire(new URL('../packages/context/package.json', import.meta.url));
const load = (name) => import(pathToFileURL(fromContext.resolve(name)).href);
await load('reflect-metadata');
const { Controller, Get, Module } = await load('@nestjs/common');
const { NestFactory } = await load('@nestjs/core');
const { ClsModule, ClsServiceManager } = await load('nestjs-cls');
const { BallastContextModule, RequestContext, runWithRequestContext } =
  await import('../packages/context/dist/index.js');
const nestVersion = fromContext('@nestjs/core/package.json').version;
const clsVersion = JSON.parse(
  await (await import('node:fs/promises')).readFile(fromContext.resolve('nestjs-cls/package.json'), 'utf8'),
).version;

class BothController {
  async both() {
    const cls = ClsServiceManager.getClsService();
    cls.set('user', `user-of-${RequestContext.requestId()}`);
    await sleep(Math.floor(Math.random() * 10));
    const insideCls = await cls.run(async () => {
      await sleep(1);
      return RequestContext.requestId();
    });
    const insideBallast = await runWithRequestContext(async () => {
      await sleep(1);
      return cls.get('user');
    });
    return {
      ballast: RequestContext.requestId(),
      clsId: cls.getId(),
      clsUser: cls.get('user'),
      insideCls,
      insideBallast,
    };
  }
}
Controller()(BothController);
Get('both')(BothController.prototype, 'both', Object.getOwnPropertyDescriptor(BothController.prototype, 'both'));

class AppModule {}
Module({
  imports: [
    BallastContextModule.forRoot(),
    ClsModule.forRoot({
      global: true,
      middleware: { mount: true, generateId: true, idGenerator: () => RequestContext.requestId() ?? 'none' },
    }),
  ],
  controllers: [BothController],
})(AppModule);

let failures = 0;
for (const name of ['express', 'fastify']) {
  const adapter =
    name === 'fastify'
      ? new (await load('@nestjs/platform-fastify')).FastifyAdapter()
      : new (await load('@nestjs/platform-express')).ExpressAdapter();
  const app = await NestFactory.create(AppModule, adapter, { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${app.getHttpServer().address().port}/both`;
  try {
    const ids = Array.from({ length: 50 }, (_, i) => `cls-${name}-${i}`);
    const responses = await Promise.all(
      ids.map(async (id) => {
        const res = await fetch(url, { headers: { 'x-request-id': id } });
        return { header: res.headers.get('x-request-id'), body: await res.json() };
      }),
    );
    responses.forEach(({ header, body }, i) => {
      const id = ids[i];
      const expected = {
        ballast: id,
        clsId: id,
        clsUser: `user-of-${id}`,
        insideCls: id,
        insideBallast: `user-of-${id}`,
      };
      if (header !== id || JSON.stringify(body) !== JSON.stringify(expected)) {
        failures++;
        process.stderr.write(
          `${name}: expected ${JSON.stringify(expected)} (header ${id}), got ${JSON.stringify(body)} (header ${header})\n`,
        );
      }
    });
    process.stdout.write(
      `${name}: ${responses.length} concurrent requests, both contexts correct: ${failures === 0}\n`,
    );
  } finally {
    await app.close();
  }
}
process.stdout.write(
  `NestJS ${nestVersion}, nestjs-cls ${clsVersion}, Node ${process.version}: ${failures === 0 ? 'OK' : `${failures} failures`}\n`,
);
process.exitCode = failures === 0 ? 0 : 1;
