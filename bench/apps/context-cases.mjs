// The apps of bench/suites/context.mjs, one case per process:
//   PORT=3000 HTTP_ADAPTER=express|fastify node bench/apps/context-cases.mjs <case>
// Cases: none (no context module); floor (a bare AsyncLocalStorage.run() in the adapter's request hook: the least any
// ALS-based context costs); ballast (BallastContextModule.forRoot()); cls (nestjs-cls 6 middleware, the alternative
// considered); both (ballast and nestjs-cls together). Serves `GET /hello`.
// Everything resolves from packages/context (the built dist and its devDependencies): one copy of each Nest package.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { setImmediate as tick } from 'node:timers/promises';

const caseName = process.argv[2] ?? 'none';
const fromContext = createRequire(new URL('../../packages/context/package.json', import.meta.url));
const load = (name) => import(pathToFileURL(fromContext.resolve(name)).href);

await import(pathToFileURL(fromContext.resolve('reflect-metadata')).href);
const { Controller, Get, Module } = await load('@nestjs/common');
const { NestFactory } = await load('@nestjs/core');
const { BallastContextModule, RequestContext } = await import('../../packages/context/dist/index.js');
const cls = caseName === 'cls' || caseName === 'both' ? await load('nestjs-cls') : undefined;

// A realistic small route: async, one await, reads the request id.
class HelloController {
  async hello() {
    await tick();
    return { hello: 'world', requestId: RequestContext.requestId() ?? cls?.ClsServiceManager.getClsService().getId() };
  }
}
Controller()(HelloController);
Get('hello')(HelloController.prototype, 'hello', Object.getOwnPropertyDescriptor(HelloController.prototype, 'hello'));

const imports = [];
if (caseName === 'ballast' || caseName === 'both') imports.push(BallastContextModule.forRoot());
if (cls) imports.push(cls.ClsModule.forRoot({ global: true, middleware: { mount: true, generateId: true } }));
class AppModule {}
Module({ imports, controllers: [HelloController] })(AppModule);

let adapter;
if (process.env.HTTP_ADAPTER === 'fastify') {
  const { FastifyAdapter } = await load('@nestjs/platform-fastify');
  adapter = new FastifyAdapter();
} else {
  const { ExpressAdapter } = await load('@nestjs/platform-express');
  adapter = new ExpressAdapter();
}
if (caseName === 'floor') {
  const { AsyncLocalStorage } = await import('node:async_hooks');
  const floor = new AsyncLocalStorage();
  adapter.setOnRequestHook((_request, _reply, done) => floor.run({ requestId: 'floor' }, done));
}
const app = await NestFactory.create(AppModule, adapter, { logger: false });
await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
