import { createRequire } from 'node:module';
import { Injectable } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

// Guards the compatibility run itself: if the mapping broke, every "Nest 11" result would silently be Nest 12.
describe('the nest11 run', () => {
  it('resolves @nestjs/common and @nestjs/core to NestJS 11 (CommonJS)', () => {
    const require = createRequire(import.meta.url);
    const common = require('@nestjs/common/package.json');
    const core = require('@nestjs/core/package.json');
    expect(common.version).toMatch(/^11\./);
    expect(core.version).toMatch(/^11\./);
    expect(common.type ?? 'commonjs').toBe('commonjs');
    expect(typeof Injectable).toBe('function');
    expect(typeof NestFactory.create).toBe('function');
  });
});
