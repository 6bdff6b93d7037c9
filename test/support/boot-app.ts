import type { INestApplication, LoggerService, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AdapterCase } from './adapters.js';
import { httpRequest, type HttpRequestOptions, type HttpResponse } from './http-request.js';

export interface BootOptions {
  /** Nest's logger during boot; `false` keeps test output quiet. @default false */
  logger?: LoggerService | false;
  /** Runs after create and before listen (global pipes, useLogger, ...). */
  configure?: (app: INestApplication) => void | Promise<void>;
  /** Listen on a random loopback port. @default true */
  listen?: boolean;
}

/** A real Nest app on a real socket, and a way to talk to it. */
export interface TestApp {
  nest: INestApplication;
  url: string;
  request(path: string, options?: HttpRequestOptions): Promise<HttpResponse>;
  close(): Promise<void>;
}

/** Boots `module` on the given adapter, listening on 127.0.0.1 with a random port. */
export async function bootApp(
  module: Type<unknown>,
  adapter: AdapterCase,
  options: BootOptions = {},
): Promise<TestApp> {
  const nest = await NestFactory.create(module, adapter.create(), {
    logger: options.logger ?? false,
    abortOnError: false,
  });
  try {
    await options.configure?.(nest);
    let url = '';
    if (options.listen ?? true) {
      await nest.listen(0, '127.0.0.1');
      url = (await nest.getUrl()).replace('[::1]', '127.0.0.1');
    } else {
      await nest.init();
    }
    return {
      nest,
      url,
      request: (path, requestOptions) => httpRequest(url + path, requestOptions),
      close: () => nest.close(),
    };
  } catch (error) {
    await nest.close().catch(() => undefined);
    throw error;
  }
}
