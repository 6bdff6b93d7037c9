import { NotFoundException } from '@nestjs/common';
import { routeNotFoundMapper, withoutQueryStrings } from './route-not-found.mapper.js';

const context = { exposeInternalErrors: false, request: { method: 'GET', path: '/nope' } };

describe('routeNotFoundMapper', () => {
  it.each([
    ['Express', 'Cannot GET /nope?token=s3cr3t-canary'],
    ['Fastify', 'Route GET:/nope?token=s3cr3t-canary not found'],
  ])("answers Nest's %s unknown-route 404 with the path only", (_adapter, message) => {
    expect(routeNotFoundMapper.map(new NotFoundException(message), context)).toEqual({
      status: 404,
      message: 'Cannot GET /nope',
    });
  });

  it("leaves the app's own 404s alone", () => {
    expect(routeNotFoundMapper.map(new NotFoundException('user 42 not found'), context)).toBeUndefined();
  });
});

describe('withoutQueryStrings', () => {
  it('drops the query of every URL path in a text, and nothing else', () => {
    expect(withoutQueryStrings('Cannot GET /a/b?token=x&y=1 then /c?d=e.')).toBe(
      'Cannot GET /a/b?[query] then /c?[query]',
    );
    expect(withoutQueryStrings('no url here? fine')).toBe('no url here? fine');
  });
});
