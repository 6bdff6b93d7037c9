// The two consumer apps of release:check. Their versions are what users install: Nest 12 (ESM) and Nest 11 (CJS).
const companions = {
  '@nestjs/config': '12.0.1',
  '@nestjs/terminus': '12.1.0',
  '@nestjs/cache-manager': '12.0.0',
  'cache-manager': '7.2.9',
  keyv: '5.6.0',
  joi: '18.3.2',
  'reflect-metadata': '0.2.2',
  rxjs: '7.8.2',
};

export const apps = [
  {
    name: 'nest12-esm',
    type: 'module',
    entry: 'main.mjs',
    dependencies: {
      ...companions,
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
      ...companions,
      '@nestjs/common': '11.2.10',
      '@nestjs/core': '11.2.10',
      '@nestjs/platform-express': '11.2.10',
      '@nestjs/platform-fastify': '11.2.8',
    },
  },
];
