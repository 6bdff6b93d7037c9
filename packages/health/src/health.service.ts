import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { RESOLVED_HEALTH_OPTIONS } from './health.constants.js';
import type { ResolvedHealthOptions } from './health.options.js';

/** Placeholder service of the foundation: proves constructor injection by type works from dist. */
@Injectable()
export class HealthProbeService {
  constructor(
    readonly moduleRef: ModuleRef,
    @Inject(RESOLVED_HEALTH_OPTIONS) readonly options: ResolvedHealthOptions,
  ) {}
}
