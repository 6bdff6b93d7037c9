import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { RESOLVED_EXCEPTIONS_OPTIONS } from './exceptions.constants.js';
import type { ResolvedExceptionsOptions } from './exceptions.options.js';

/** Placeholder service of the foundation: proves constructor injection by type works from dist. */
@Injectable()
export class ExceptionBodyFactory {
  constructor(
    readonly moduleRef: ModuleRef,
    @Inject(RESOLVED_EXCEPTIONS_OPTIONS) readonly options: ResolvedExceptionsOptions,
  ) {}
}
