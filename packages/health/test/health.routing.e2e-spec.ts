import {
  type CallHandler,
  type CanActivate,
  Controller,
  Get,
  type INestApplication,
  Injectable,
  Module,
  type NestInterceptor,
  VersioningType,
} from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { adapters, bootApp, type TestApp } from '@ballast/test-support';
import type { Observable } from 'rxjs';
import { BallastHealthModule, type HealthModuleOptions } from '../src/index.js';

/** An auth guard as in the Nest docs, with no `@Public()` route: everything is denied (403). */
@Injectable()
class DenyAll implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}

/** A global interceptor that rejects every request before the handler runs. */
@Injectable()
class Rejecting implements NestInterceptor {
  intercept(_context: unknown, _next: CallHandler): Observable<unknown> {
    throw new Error('rejected by a global interceptor');
  }
}

@Controller('things')
class ThingsController {
  @Get()
  list(): string[] {
    return ['a'];
  }
}

function appWith(options: HealthModuleOptions, providers: any[] = []) {
  @Module({ imports: [BallastHealthModule.forRoot(options)], controllers: [ThingsController], providers })
  class AppModule {}
  return AppModule;
}

const probes = ['/health/live', '/health/ready'];

describe.each(adapters)('probe routing on $name', (adapter) => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function statuses(paths: string[]): Promise<number[]> {
    const out: number[] = [];
    for (const path of paths) out.push((await app!.request(path)).status);
    return out;
  }

  it('answers the probes through an APP_GUARD that denies everything, while other routes get 403', async () => {
    app = await bootApp(appWith({}, [{ provide: APP_GUARD, useClass: DenyAll }]), adapter);
    expect(await statuses(probes)).toEqual([200, 200]);
    const ready = await app.request('/health/ready');
    expect(ready.headers['cache-control']).toBe('no-store');
    expect(ready.body).toMatchObject({ status: 'ok', error: {} });
    expect((await app.request('/health/startup')).status).toBe(404);
    expect((await app.request('/things')).status).toBe(403);
  });

  it('answers the probes when a global interceptor throws', async () => {
    app = await bootApp(appWith({}, [{ provide: APP_INTERCEPTOR, useClass: Rejecting }]), adapter);
    expect(await statuses(probes)).toEqual([200, 200]);
    expect((await app.request('/health/live')).body).toMatchObject({ status: 'ok' });
    expect((await app.request('/things')).status).toBe(500);
  });

  it('keeps the probes at /health/* under a global prefix', async () => {
    app = await bootApp(appWith({ path: 'health' }), adapter, {
      configure: (nest: INestApplication) => void nest.setGlobalPrefix('api'),
    });
    expect(await statuses(probes)).toEqual([200, 200]);
    expect(await statuses(['/api/health/ready', '/api/health/live'])).toEqual([404, 404]);
    expect((await app.request('/api/things')).status).toBe(200);
  });

  it('keeps the probes at /health/* with URI versioning and a default version', async () => {
    app = await bootApp(appWith({}), adapter, {
      configure: (nest: INestApplication) =>
        void nest.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' }),
    });
    expect(await statuses(probes)).toEqual([200, 200]);
    expect(await statuses(['/v1/health/ready'])).toEqual([404]);
    expect((await app.request('/v1/things')).status).toBe(200);
  });

  it('keeps the probes at /health/* with a global prefix and URI versioning together', async () => {
    app = await bootApp(appWith({}), adapter, {
      configure: (nest: INestApplication) => {
        nest.setGlobalPrefix('api');
        nest.enableVersioning({ type: VersioningType.URI });
      },
    });
    expect(await statuses(probes)).toEqual([200, 200]);
    expect(await statuses(['/api/health/ready', '/api/v1/health/ready'])).toEqual([404, 404]);
  });

  describe("routing: 'nest' (opted in)", () => {
    it('applies the global guard and interceptors to the probes', async () => {
      app = await bootApp(appWith({ routing: 'nest' }, [{ provide: APP_GUARD, useClass: DenyAll }]), adapter);
      expect(await statuses(probes)).toEqual([403, 403]);
      await app.close();
      app = await bootApp(appWith({ routing: 'nest' }, [{ provide: APP_INTERCEPTOR, useClass: Rejecting }]), adapter);
      expect(await statuses(probes)).toEqual([500, 500]);
    });

    it('moves the probes under the global prefix, version-neutral, startup 404 when disabled', async () => {
      app = await bootApp(appWith({ routing: 'nest', path: 'probes' }), adapter, {
        configure: (nest: INestApplication) => {
          nest.setGlobalPrefix('api');
          nest.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
        },
      });
      const ready = await app.request('/api/probes/ready');
      expect(ready.status).toBe(200);
      expect(ready.headers['cache-control']).toBe('no-store');
      expect(ready.body).toMatchObject({ status: 'ok', error: {} });
      expect((await app.request('/api/probes/live')).status).toBe(200);
      expect((await app.request('/api/probes/startup')).status).toBe(404);
      expect(await statuses(['/probes/ready', '/health/ready'])).toEqual([404, 404]);
    });
  });
});
