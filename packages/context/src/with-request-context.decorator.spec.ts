import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import { RequestContext, runWithRequestContext } from './request-context.js';
import { WithRequestContext } from './with-request-context.decorator.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const MARK = 'test:mark';
const Mark =
  (value: string): MethodDecorator =>
  (_target, _key, descriptor) => {
    Reflect.defineMetadata(MARK, value, descriptor.value as object);
  };

class ReportJobs {
  runs: Array<{ id: string | undefined; job: unknown; arg: number }> = [];

  // Like a @Cron() handler: called by a scheduler, outside any request.
  @Mark('outer')
  @WithRequestContext({ fields: { job: 'nightly-report' } })
  @Mark('inner')
  async nightly(arg: number): Promise<string | undefined> {
    await sleep(2);
    this.runs.push({ id: RequestContext.requestId(), job: RequestContext.fields().job, arg });
    return RequestContext.requestId();
  }

  @WithRequestContext()
  sync(a: number, b: number): number {
    return RequestContext.requestId() ? a + b : -1;
  }

  @WithRequestContext()
  async failing(): Promise<never> {
    await sleep(1);
    throw new Error(`job ${RequestContext.requestId()} failed`);
  }
}

describe('@WithRequestContext()', () => {
  const jobs = new ReportJobs();

  it('runs each call in its own fresh context, with `this`, arguments and the return value intact', async () => {
    const [first, second] = await Promise.all([jobs.nightly(1), jobs.nightly(2)]);
    expect(first).toMatch(UUID);
    expect(second).toMatch(UUID);
    expect(first).not.toBe(second);
    expect(jobs.runs).toEqual(
      expect.arrayContaining([
        { id: first, job: 'nightly-report', arg: 1 },
        { id: second, job: 'nightly-report', arg: 2 },
      ]),
    );
    expect(RequestContext.current()).toBeUndefined();
  });

  it('works for synchronous methods', () => {
    expect(jobs.sync(2, 3)).toBe(5);
  });

  it('propagates errors, with the id available while failing', async () => {
    await expect(jobs.failing()).rejects.toThrow(/^job [0-9a-f-]{36} failed$/);
  });

  it('inside an active context, runs in it (a job started by a request keeps the request id)', async () => {
    const id = await runWithRequestContext(() => jobs.nightly(3), { requestId: 'from-request' });
    expect(id).toBe('from-request');
  });

  it('keeps the method name and the metadata other decorators put on the method, in either order', () => {
    const method = ReportJobs.prototype.nightly;
    expect(method.name).toBe('nightly');
    expect(Reflect.getMetadata(MARK, method)).toBe('outer');
    class Other {
      @WithRequestContext()
      @Mark('below')
      run(): void {}
    }
    expect(Reflect.getMetadata(MARK, Other.prototype.run)).toBe('below');
  });
});
