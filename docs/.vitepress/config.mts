import { existsSync, readdirSync } from 'node:fs';
import { defineConfig } from 'vitepress';

const packages = ['config', 'logger', 'exceptions', 'health', 'cache', 'shutdown', 'context'];
const here = new URL('..', import.meta.url).pathname;
const pages = (dir: string) =>
  existsSync(here + dir)
    ? readdirSync(here + dir)
        .filter((f) => f.endsWith('.md'))
        .map((f) => ({ text: f.replace(/\.md$/, ''), link: `/${dir}/${f.replace(/\.md$/, '')}` }))
    : [];

export default defineConfig({
  title: 'ballast',
  description: 'Production infrastructure modules for NestJS',
  // The API reference is generated from JSDoc by `pnpm docs:api`; links into it are checked only once it exists.
  ignoreDeadLinks: [/^\/api\//, /(^|\/)\.\.\/\.\.\//, /localhost/],
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/getting-started' },
      { text: 'Packages', link: '/packages/config' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: [
      {
        text: 'Guide',
        items: [
          { text: 'Getting started', link: '/getting-started' },
          { text: 'Architecture', link: '/architecture' },
          { text: 'Contracts between packages', link: '/contracts' },
        ],
      },
      { text: 'Packages', items: packages.map((p) => ({ text: `@ballast/${p}`, link: `/packages/${p}` })) },
      { text: 'Recipes', items: [...pages('recipes'), ...pages('deploy'), ...pages('guides')] },
      {
        text: 'Migrating',
        items: [
          // The setup most apps start from comes first; the per-library guides follow.
          { text: 'From a hand-rolled setup', link: '/migration/from-hand-rolled-setup' },
          ...pages('migration').filter((p) => p.link !== '/migration/from-hand-rolled-setup'),
        ],
      },
      {
        text: 'Reference',
        items: [
          { text: 'Observability (metrics)', link: '/observability' },
          { text: 'Error codes', link: '/error-codes' },
          { text: 'Benchmarks', link: '/benchmarks' },
          { text: 'Reliability', link: '/reliability' },
          { text: 'Contributing', link: '/contributing' },
        ],
      },
    ],
  },
});
