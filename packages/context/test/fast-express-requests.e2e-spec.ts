import { Body, Controller, Get, Logger, Module, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { adapters, bootApp, type TestApp } from '@ballast/test-support';
import { IncomingMessage, type Server, ServerResponse } from 'node:http';
import { jest } from '@jest/globals';
import { BallastContextModule, RequestContext } from '../src/index.js';

const [express, fastify] = adapters as [(typeof adapters)[0], (typeof adapters)[0]];

/** Routes that use what Express adds to `req` and `res`, where a wrong prototype chain would show. */
@Controller()
class ExpressApiController {
  @Get('items/:id')
  item(@Req() req: any, @Param('id') id: string, @Query('q') q: string) {
    return {
      id,
      q,
      viaGet: req.get('x-custom'),
      accepts: req.accepts(['json', 'html']),
      path: req.path,
      hasApp: typeof req.app?.get === 'function',
      fromAppRequest: req.fromAppRequest,
      requestId: RequestContext.requestId(),
    };
  }

  @Get('raw')
  raw(@Res() res: any) {
    res.locals.seen = true;
    res.status(203).set('x-from-express', 'yes').cookie('c', '1').json({ locals: res.locals.seen });
  }

  @Post('form')
  form(@Body() body: unknown) {
    return { body };
  }
}

@Module({ imports: [BallastContextModule.forRoot({ fastExpressRequests: true })], controllers: [ExpressApiController] })
class FastExpressApp {}

/** What the server's first 'request' listener sees, before Express (or Fastify) touches the objects. */
function recordPrototypes(nest: INestApplication): Array<{ req: object | null; res: object | null; req0: unknown }> {
  const seen: Array<{ req: object | null; res: object | null; req0: unknown }> = [];
  const server = nest.getHttpServer() as Server;
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) =>
    seen.push({ req: Object.getPrototypeOf(req), res: Object.getPrototypeOf(res), req0: req }),
  );
  return seen;
}

describe('fastExpressRequests on express', () => {
  let app: TestApp;
  let seen: ReturnType<typeof recordPrototypes>;
  let expressApp: any;
  beforeAll(async () => {
    app = await bootApp(FastExpressApp, express, {
      configure: (nest) => {
        expressApp = nest.getHttpAdapter().getInstance();
        seen = recordPrototypes(nest);
      },
    });
    // Added after boot, as an app may do: still on every request.
    expressApp.request.fromAppRequest = 'added later';
  });
  afterAll(async () => {
    await app.close();
  });

  it("builds requests and responses with Express's prototypes, so Express's setPrototypeOf changes nothing", async () => {
    const res = await app.request('/items/7?q=x');
    expect(res.status).toBe(200);
    const first = seen.at(-1)!;
    expect(first.req).toBe(expressApp.request);
    expect(first.res).toBe(expressApp.response);
    // Still what Node and libraries check for.
    expect(first.req0).toBeInstanceOf(IncomingMessage);
    expect((first.req0 as IncomingMessage).constructor).toBe(IncomingMessage);
  });

  it("keeps Express's request and response API, and what the app adds to app.request", async () => {
    const res = await app.request('/items/42?q=search', {
      headers: { 'x-custom': 'v', accept: 'application/json', 'x-request-id': 'fast-1' },
    });
    expect(res.body).toEqual({
      id: '42',
      q: 'search',
      viaGet: 'v',
      accepts: 'json',
      path: '/items/42',
      hasApp: true,
      fromAppRequest: 'added later',
      requestId: 'fast-1',
    });
    expect(res.headers['x-request-id']).toBe('fast-1');

    const raw = await app.request('/raw');
    expect(raw.status).toBe(203);
    expect(raw.headers['x-from-express']).toBe('yes');
    expect(raw.headers['set-cookie']).toEqual([expect.stringMatching(/^c=1;/)]);
    expect(raw.body).toEqual({ locals: true });
  });

  it('parses JSON and form bodies, and answers unknown routes with 404', async () => {
    const json = await app.request('/form', { method: 'POST', body: { a: 1 } });
    expect(json.body).toEqual({ body: { a: 1 } });
    const form = await app.request('/form', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1&b=two',
    });
    expect(form.body).toEqual({ body: { a: '1', b: 'two' } });
    const missing = await app.request('/nope');
    expect(missing.status).toBe(404);
    expect(missing.headers['x-request-id']).toEqual(expect.any(String));
  });
});

describe('fastExpressRequests left off', () => {
  it('on Fastify: the server keeps Node’s classes and requests work', async () => {
    let seen: ReturnType<typeof recordPrototypes> = [];
    const app = await bootApp(FastExpressApp, fastify, {
      configure: (nest) => {
        seen = recordPrototypes(nest);
      },
    });
    try {
      const res = await app.request('/form', { method: 'POST', body: { a: 1 } });
      expect(res.body).toEqual({ body: { a: 1 } });
      expect(res.headers['x-request-id']).toEqual(expect.any(String));
      expect(seen.at(-1)!.req).toBe(IncomingMessage.prototype);
    } finally {
      await app.close();
    }
  });

  it('on Express with a server that has its own request class: warns and changes nothing', async () => {
    class OwnRequest extends IncomingMessage {}
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    let expressRequest: unknown;
    const seen: unknown[] = [];
    const app = await bootApp(FastExpressApp, express, {
      configure: (nest) => {
        const server = nest.getHttpServer() as Server & Record<symbol, unknown>;
        const slot = Object.getOwnPropertySymbols(server).find((s) => s.description === 'IncomingMessage')!;
        server[slot] = OwnRequest;
        expressRequest = nest.getHttpAdapter().getInstance().request;
        server.prependListener('request', (req: IncomingMessage) => seen.push(req instanceof OwnRequest));
      },
    });
    try {
      const res = await app.request('/items/2?q=own');
      expect(res.status).toBe(200);
      expect(seen).toEqual([true]);
      expect(app.nest.getHttpAdapter().getInstance().request).toBe(expressRequest);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^fastExpressRequests: left off/));
    } finally {
      warn.mockRestore();
      await app.close();
    }
  });
});
