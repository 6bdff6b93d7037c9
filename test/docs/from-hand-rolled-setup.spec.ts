import { Module, type Type } from '@nestjs/common';
import { adapters, bootApp, docSnippet, runSnippet, type TestApp } from '@ballast/test-support';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BallastContextModule } from '../../packages/context/src/index.js';
import { BallastExceptionsModule, type ExceptionBodyBuilder } from '../../packages/exceptions/src/index.js';
import { ErrorsController, SECRET } from '../../packages/exceptions/test/fixtures/errors.controller.js';

// docs/migration/from-hand-rolled-setup.md: its links resolve, the site links to it, and the envelope it tells teams to
// copy is the code this suite runs — on real apps, on both adapters — so the page cannot promise what the code does not do.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const GUIDE = 'docs/migration/from-hand-rolled-setup.md';
const guide = readFileSync(join(root, GUIDE), 'utf8');

/** VitePress's heading slug (@mdit-vue/shared), for anchors into docs/ pages. */
const vitepressSlug = (heading: string) =>
  heading
    .normalize('NFKD')
    .replace(/[\u0300-\u036F]/g, '')
    .replace(/[\s~`!@#$%^&*()\-_+=[\]{}|\\;:"'“”‘’<>,.?/]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^(\d)/, '_$1')
    .toLowerCase();
/** GitHub's heading slug, for anchors into READMEs (read on GitHub and npm). */
const githubSlug = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

function headings(file: string): string[] {
  return readFileSync(file, 'utf8')
    .replace(/```[\s\S]*?```/g, '')
    .split('\n')
    .filter((line) => /^#{1,6}\s/.test(line))
    .map((line) => line.replace(/^#+\s+/, '').trim());
}

describe(GUIDE, () => {
  it('has only links that resolve (files, and headings for anchors)', () => {
    const links = [...guide.replace(/```[\s\S]*?```/g, '').matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    const local = links.filter((link) => !/^[a-z]+:/.test(link));
    expect(local.length).toBeGreaterThan(3);
    const broken = local.filter((link) => {
      const [path, anchor] = link.split('#') as [string, string | undefined];
      const file = resolve(join(root, dirname(GUIDE)), path || GUIDE.split('/').pop()!);
      if (!existsSync(file)) return true;
      if (!anchor) return false;
      const slug = relative(join(root, 'docs'), file).startsWith('..') ? githubSlug : vitepressSlug;
      return !headings(file).map(slug).includes(anchor);
    });
    expect(broken).toEqual([]);
  });

  it('prints the install commands of docs/getting-started.md exactly', () => {
    const gettingStarted = readFileSync(join(root, 'docs/getting-started.md'), 'utf8');
    const start = gettingStarted.indexOf('<!-- ballast:install-commands');
    const canonical = /```sh\n[\s\S]*?```/.exec(
      gettingStarted.slice(start, gettingStarted.indexOf('<!-- /ballast:install-commands -->', start)),
    );
    const copy = guide.slice(guide.indexOf('<!-- docs-test: install-commands'));
    expect(canonical).not.toBeNull();
    expect(/```sh\n[\s\S]*?```/.exec(copy)?.[0]).toBe(canonical![0]);
  });

  it('prints per step only install commands that a package README (kept in step with getting started) prints too', () => {
    // The commands are written once, in docs/getting-started.md; `pnpm release:check` checks that every README's
    // Install section agrees with it. The guide copies README lines, so it cannot drift from either.
    const readmes = ['context', 'exceptions', 'logger', 'config']
      .map((dir) => readFileSync(join(root, 'packages', dir, 'README.md'), 'utf8'))
      .map((text) => /^## Install\n([\s\S]*?)(?=^## )/m.exec(text)?.[1] ?? '');
    const perStep = guide.slice(guide.indexOf('## Step 1'));
    const lines = [...perStep.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((block) =>
      block[1]!.split('\n').filter((line) => /^(# NestJS|npm install)/.test(line.trim())),
    );
    expect(lines.filter((line) => line.startsWith('npm install')).length).toBeGreaterThanOrEqual(4);
    expect(lines.filter((line) => !readmes.some((section) => section.includes(line)))).toEqual([]);
  });

  it('is linked from the docs home and listed first in the sidebar', () => {
    expect(readFileSync(join(root, 'docs/index.md'), 'utf8')).toContain('/migration/from-hand-rolled-setup');
    expect(readFileSync(join(root, 'docs/.vitepress/config.mts'), 'utf8')).toContain(
      "link: '/migration/from-hand-rolled-setup'",
    );
  });
});

describe.each(adapters)('the legacy envelope of the guide on $name', (adapter) => {
  const { legacyErrorEnvelope } = runSnippet(docSnippet(guide, 'legacy-error-envelope', GUIDE)) as {
    legacyErrorEnvelope: ExceptionBodyBuilder;
  };
  const appWith = (imports: unknown[]): Type<unknown> => {
    @Module({ imports: imports as never[], controllers: [ErrorsController] })
    class AppModule {}
    return AppModule;
  };
  let app: TestApp;
  let plainNest: TestApp; // the app before the migration: Nest's own answers, for the validation messages
  beforeAll(async () => {
    app = await bootApp(
      appWith([BallastContextModule.forRoot(), BallastExceptionsModule.forRoot({ body: legacyErrorEnvelope })]),
      adapter,
    );
    plainNest = await bootApp(appWith([]), adapter);
  });
  afterAll(async () => {
    await app.close();
    await plainNest.close();
  });

  it('answers an HttpException in the v1 shape, with the request id of the header', async () => {
    const res = await app.request('/not-found?page=2', { headers: { 'x-request-id': 'req-v1' } });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-request-id']).toBe('req-v1');
    expect(res.body).toEqual({
      success: false,
      error: { code: 'NOT_FOUND', message: 'No such order' },
      requestId: 'req-v1',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      path: '/not-found',
    });
  });

  it("sends ValidationPipe's own list of messages as v1 did, plus the new reason", async () => {
    const invalid = { email: 'nope', address: { city: 5, street: 'ab' }, items: [{ sku: 'a', quantity: 0 }] };
    const before = await plainNest.request('/orders', { method: 'POST', body: invalid });
    const after = await app.request('/orders', { method: 'POST', body: invalid });
    expect(after.status).toBe(400);
    expect(after.body.error).toEqual({
      code: 'BAD_REQUEST',
      message: before.body.message,
      reason: 'VALIDATION_FAILED',
    });
    expect(after.body.error.message).toContain('email must be an email');
  });

  it('answers an unexpected error as INTERNAL_SERVER_ERROR without its internal message', async () => {
    const res = await app.request('/boom');
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({
      success: false,
      error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error', reason: 'INTERNAL_ERROR' },
      requestId: res.headers['x-request-id'],
    });
    expect(res.text).not.toContain(SECRET);
    expect(res.text).not.toContain('SELECT');
  });

  it('answers unknown routes and malformed JSON in the v1 shape too', async () => {
    const unknown = await app.request('/v1/nowhere');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ success: false, error: { code: 'NOT_FOUND' }, path: '/v1/nowhere' });
    const malformed = await app.request('/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toEqual({
      code: 'BAD_REQUEST',
      message: 'Request body is not valid JSON',
      reason: 'MALFORMED_JSON',
    });
  });
});
