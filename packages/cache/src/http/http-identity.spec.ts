import { credentialNames, isAuthenticated, isCredentialName } from './http-identity.js';

describe('isCredentialName', () => {
  it.each([
    'x-api-key',
    'X-Auth-Token',
    'x-session-id',
    'ocp-apim-subscription-key',
    'accessToken',
    'client_secret',
    'sig',
  ])('counts %s', (name) => expect(isCredentialName(name)).toBe(true));
  it.each(['accept-language', 'x-request-id', 'if-none-match', 'page', 'sort', 'x-api-version', 'monkey'])(
    'does not count %s',
    (name) => expect(isCredentialName(name)).toBe(false),
  );
});

describe('isAuthenticated', () => {
  const names = credentialNames(['x-pass'], ['ticket']);
  it.each([
    [{ headers: { 'x-pass': '1' } }, '/a'],
    [{ headers: {} }, '/a?TICKET=1'],
    [{ headers: {} }, '/a?q=1&api_key=2'],
    [{ headers: { cookie: 'sid=1' } }, '/a'],
    [{ headers: {}, user: { id: 1 } }, '/a'],
  ])('sees a credential in %j %s', (request, url) => expect(isAuthenticated(request, names, url)).toBe(true));
  it('sees none in an anonymous request', () => {
    expect(isAuthenticated({ headers: { 'accept-language': 'fr' } }, names, '/a?page=2')).toBe(false);
  });
});
