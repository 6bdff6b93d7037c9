import { setTimeout as sleep } from 'node:timers/promises';
import { RequestContext, runWithRequestContext } from './request-context.js';
import { generateRequestId, isValidRequestId, MAX_REQUEST_ID_LENGTH } from './request-id.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('RequestContext outside any context', () => {
  it('has no context, no id, no fields, and refuses set()', () => {
    expect(RequestContext.current()).toBeUndefined();
    expect(RequestContext.requestId()).toBeUndefined();
    expect(RequestContext.fields()).toEqual({});
    expect(RequestContext.set('userId', 1)).toBe(false);
  });
});

describe('runWithRequestContext', () => {
  it('runs fn in a new context with a generated id, the given fields and a start time, and returns its value', () => {
    const before = Date.now();
    const result = runWithRequestContext(() => RequestContext.current(), { fields: { job: 'nightly' } });
    expect(result?.requestId).toMatch(UUID);
    expect(result?.fields).toEqual({ job: 'nightly' });
    expect(result?.startedAt).toBeGreaterThanOrEqual(before);
    expect(RequestContext.current()).toBeUndefined();
  });

  it('uses the given requestId', () => {
    expect(runWithRequestContext(() => RequestContext.requestId(), { requestId: 'job-7' })).toBe('job-7');
  });

  it('keeps the context across awaits, timers and immediates', async () => {
    const seen = await runWithRequestContext(
      async () => {
        const ids: Array<string | undefined> = [RequestContext.requestId()];
        await sleep(5);
        ids.push(RequestContext.requestId());
        ids.push(
          await new Promise<string | undefined>((resolve) => setTimeout(() => resolve(RequestContext.requestId()), 1)),
        );
        ids.push(
          await new Promise<string | undefined>((resolve) => setImmediate(() => resolve(RequestContext.requestId()))),
        );
        return ids;
      },
      { requestId: 'async-1' },
    );
    expect(seen).toEqual(['async-1', 'async-1', 'async-1', 'async-1']);
    expect(RequestContext.current()).toBeUndefined();
  });

  it('keeps concurrent jobs apart', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `job-${i}`);
    const seen = await Promise.all(
      ids.map((requestId) =>
        runWithRequestContext(
          async () => {
            await sleep(Math.floor(Math.random() * 10));
            RequestContext.set('mine', requestId);
            await sleep(Math.floor(Math.random() * 10));
            return [RequestContext.requestId(), RequestContext.fields().mine];
          },
          { requestId },
        ),
      ),
    );
    expect(seen).toEqual(ids.map((id) => [id, id]));
  });

  it('nested: keeps the outer id and a copy of its fields; inner fields do not leak out', async () => {
    await runWithRequestContext(
      async () => {
        RequestContext.set('userId', 'u1');
        const inner = await runWithRequestContext(
          async () => {
            await sleep(1);
            RequestContext.set('step', 'inner');
            return { id: RequestContext.requestId(), fields: { ...RequestContext.fields() } };
          },
          { fields: { job: 'export' } },
        );
        expect(inner).toEqual({ id: 'outer-1', fields: { userId: 'u1', job: 'export', step: 'inner' } });
        expect(RequestContext.requestId()).toBe('outer-1');
        expect(RequestContext.fields()).toEqual({ userId: 'u1' });
        expect(runWithRequestContext(() => RequestContext.requestId(), { requestId: 'explicit' })).toBe('explicit');
      },
      { requestId: 'outer-1' },
    );
  });

  it('propagates a rejection and leaves no context behind', async () => {
    await expect(
      runWithRequestContext(
        async () => {
          await sleep(1);
          throw new Error(`failed in ${RequestContext.requestId()}`);
        },
        { requestId: 'bad-job' },
      ),
    ).rejects.toThrow('failed in bad-job');
    expect(RequestContext.current()).toBeUndefined();
  });
});

describe('request ids', () => {
  it('generates UUIDs that are valid request ids', () => {
    const id = generateRequestId();
    expect(id).toMatch(UUID);
    expect(isValidRequestId(id)).toBe(true);
    expect(generateRequestId()).not.toBe(id);
  });

  it.each([
    ['a UUID', '3f1c2a0e-9b7d-4c4e-8f00-1a2b3c4d5e6f', true],
    ['a ULID', '01ARZ3NDEKTSV4RRFFQ69G5FAV', true],
    ['a W3C trace id', '4bf92f3577b34da6a3ce929d0e0e4736', true],
    ['separators', 'svc:api.v1_req-42', true],
    ['the longest accepted', 'a'.repeat(MAX_REQUEST_ID_LENGTH), true],
    ['one char too long', 'a'.repeat(MAX_REQUEST_ID_LENGTH + 1), false],
    ['empty', '', false],
    ['CR/LF', 'abc\r\nset-cookie: x=1', false],
    ['a space', 'a b', false],
    ['two joined headers', 'a, b', false],
    ['unicode', 'réq-☃', false],
    ['latin1 bytes as Node decodes them', 'rÃ©q', false],
    ['markup', '<script>', false],
    ['a leading separator', '-abc', false],
    ['percent-encoding', 'a%0d%0ab', false],
  ])('%s → %s', (_name, value, valid) => {
    expect(isValidRequestId(value)).toBe(valid);
  });

  it.each([[undefined], [null], [42], [['a', 'b']], [{}]])('rejects a non-string (%p)', (value) => {
    expect(isValidRequestId(value)).toBe(false);
  });
});
