// One app for bench/suites/context.mjs, in its own process: node bench/apps/context-cases.mjs <express|fastify> <case>
// Cases: none (no context module); floor (a bare AsyncLocalStorage.run() in the adapter's request hook: the least any
// ALS-based context costs); ballast (BallastContextModule.forRoot()); cls (nestjs-cls 6 middleware, the alternative
// considered); both (ballast and nestjs-cls together). Prints {"port": N} on stdout once listening; answers the IPC
// message 'cpu' with process.cpuUsage().
// Everything resolves from packages/context (the built dist and its devDependencies): one copy of each Nest package.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { setImmediate as tick } from 'node:timers/promises';

const [adapterName = 'express', caseName = 'none'] = process.argv.slice(2);
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
if (adapterName === 'fastify') {
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
await app.listen(0, '127.0.0.1');
process.stdout.write(JSON.stringify({ port: app.getHttpServer().address().port }) + '\n');
// The CPU time this process used, on request of the bench (IPC): CPU µs per request is steadier than req/s on a
// machine shared with other work.
process.on('message', (message) => {
  if (message === 'cpu') process.send?.(process.cpuUsage());
});
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
