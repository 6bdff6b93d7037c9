// `ballast.config.info` on a real OpenTelemetry SDK (test-support's TestTelemetry).
import { Module } from '@nestjs/common';
import { adapters, bootApp, TestTelemetry } from '@ballast/test-support';
import Joi from 'joi';
import { BallastConfigModule, secret } from '../src/index.js';
import { configHash } from '../src/config.telemetry.js';

const schema = Joi.object({ APP_NAME: Joi.string().required(), API_TOKEN: secret().required(), PORT: Joi.number() });

function appWith(env: Record<string, string>) {
  @Module({ imports: [BallastConfigModule.forRoot({ schema, env, ignoreEnvFile: true })] })
  class AppModule {}
  return AppModule;
}

async function hashesWhileRunning(env: Record<string, string>): Promise<string[]> {
  const app = await bootApp(appWith(env), adapters[0]!, { listen: false });
  try {
    const points = await sdk.points('ballast.config.info');
    for (const point of points) {
      expect(point).toMatchObject({ unit: '1', value: 1 });
      expect(Object.keys(point.attributes)).toEqual(['config.hash']);
      // Never a value: not the app name, not the secret.
      for (const value of Object.values(env)) expect(JSON.stringify(point.attributes)).not.toContain(value);
    }
    return points.map((p) => String(p.attributes['config.hash']));
  } finally {
    await app.close();
  }
}

let sdk: TestTelemetry;
beforeAll(() => {
  sdk = new TestTelemetry().start();
});
afterAll(async () => {
  await sdk.stop();
});

describe('ballast.config.info', () => {
  const env = { APP_NAME: 'shop', API_TOKEN: 'canary-token-1234', PORT: '8080' };

  it('is 1 with the 16-hex hash of the effective configuration, and changes when a value changes', async () => {
    const first = await hashesWhileRunning(env);
    const expected = configHash({ APP_NAME: 'shop', API_TOKEN: 'canary-token-1234', PORT: 8080 });
    expect(expected).toMatch(/^[0-9a-f]{16}$/);
    expect(first).toContain(expected);

    const changed = await hashesWhileRunning({ ...env, PORT: '8081' });
    const expectedChanged = configHash({ APP_NAME: 'shop', API_TOKEN: 'canary-token-1234', PORT: 8081 });
    expect(expectedChanged).not.toBe(expected);
    expect(changed).toContain(expectedChanged);

    // A rotated secret changes it too (one-way: the hash reveals nothing of it).
    const rotated = await hashesWhileRunning({ ...env, API_TOKEN: 'canary-token-5678' });
    expect(rotated).toContain(configHash({ APP_NAME: 'shop', API_TOKEN: 'canary-token-5678', PORT: 8080 }));
  });

  it('does not depend on the order of the names', () => {
    expect(configHash({ A: 1, B: 'x' })).toBe(configHash({ B: 'x', A: 1 }));
    expect(configHash({ A: 1 })).not.toBe(configHash({ A: '1' }));
  });
});
