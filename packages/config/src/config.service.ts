import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { RESOLVED_CONFIG_OPTIONS } from './config.constants.js';
import type { ResolvedConfigOptions } from './config.options.js';

/** Placeholder service of the foundation: proves constructor injection by type works from dist. */
@Injectable()
export class BallastConfigService {
  constructor(
    readonly moduleRef: ModuleRef,
    @Inject(RESOLVED_CONFIG_OPTIONS) readonly options: ResolvedConfigOptions,
  ) {}
}
