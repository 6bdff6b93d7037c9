import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filesLoading } from '@ballast/test-support';

const src = join(dirname(fileURLToPath(import.meta.url)), '..');

// terminus is loaded on the first probe (LazyTerminus): one static import anywhere would load it at startup again.
it('no source file imports @nestjs/terminus statically, except for types', () => {
  expect(filesLoading(src, '@nestjs/terminus')).toEqual([]);
});
