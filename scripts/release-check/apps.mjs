// The two hand-written consumer apps of release:check (Express and Fastify, SIGTERM from outside, strict installs):
// NestJS 12 (ESM) and NestJS 11 (CJS). Their companions are the docs' install command for their generation (majors,
// as users get them), so these apps and docs/getting-started.md cannot disagree.
import { canonicalCommands, nameOf } from './install-commands.mjs';

const base = { 'reflect-metadata': '0.2.2', rxjs: '7.8.2' };

/** `{ name: range }` of the non-ballast arguments of the docs' command for a generation (`keyv@5` → `keyv: '5'`). */
function companions(generation) {
  const specs = canonicalCommands()[generation].filter((spec) => !spec.startsWith('@ballast/'));
  return Object.fromEntries(specs.map((spec) => [nameOf(spec), spec.slice(nameOf(spec).length + 1)]));
}

export const apps = [
  {
    name: 'nest12-esm',
    type: 'module',
    entry: 'main.mjs',
    dependencies: {
      ...base,
      ...companions('12'),
      '@nestjs/common': '12.5.1',
      '@nestjs/core': '12.5.1',
      '@nestjs/platform-express': '12.5.1',
      '@nestjs/platform-fastify': '12.5.0',
    },
  },
  {
    name: 'nest11-cjs',
    type: 'commonjs',
    entry: 'main.cjs',
    dependencies: {
      ...base,
      ...companions('11'),
      '@nestjs/common': '11.2.10',
      '@nestjs/core': '11.2.10',
      '@nestjs/platform-express': '11.2.10',
      '@nestjs/platform-fastify': '11.2.8',
    },
  },
];
