import * as common from '@nestjs/common';
import { BadRequestException, Body, Controller, Get, Module, Post, ValidationPipe } from '@nestjs/common';
import { BallastContextModule } from '@ballast/context';
import { adapters, bootApp, type TestApp } from '@ballast/test-support';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsString, Min, MinLength, ValidateNested } from 'class-validator';
import { BallastExceptionsModule, validationExceptionFactory, type ExceptionsModuleOptions } from '../src/index.js';

class AddressDto {
  @IsString() city!: string;
  @IsString() @MinLength(3) street!: string;
}

class ItemDto {
  @IsString() sku!: string;
  @IsInt() @Min(1) quantity!: number;
  @IsString({ each: true }) tags!: string[];
}

class OrderDto {
  @IsEmail() email!: string;
  @ValidateNested() @Type(() => AddressDto) address!: AddressDto;
  @ValidateNested({ each: true }) @Type(() => ItemDto) items!: ItemDto[];
}

class PoliteAddressDto {
  @IsString({ message: 'Please give a city' }) city!: string;
}

class PoliteDto {
  @IsString({ message: 'Please give a name' }) name!: string;
  @IsInt({ message: 'Too many items were ordered' }) count!: number;
  @ValidateNested() @Type(() => PoliteAddressDto) address!: PoliteAddressDto;
}

// Nest 12 only: the StandardSchemaValidationPipe and the 'grouped' error format (the nest11 run skips them).
const StandardSchemaValidationPipe = (common as Record<string, any>).StandardSchemaValidationPipe as
  (new (options?: object) => common.PipeTransform) | undefined;
const nest12 = StandardSchemaValidationPipe !== undefined;
const itNest12 = nest12 ? it : it.skip;

/** A minimal Standard Schema (what Zod, Valibot or ArkType hand to Nest) that reports fixed issues. */
const orderSchema = {
  '~standard': {
    version: 1 as const,
    vendor: 'ballast-test',
    validate: () => ({
      issues: [
        { message: 'Invalid email', path: ['email'] },
        { message: 'Too small: expected number to be >=1', path: ['items', { key: 0 }, 'quantity'] },
        { message: 'Unknown key', path: ['meta', 'a/b~c'] },
        { message: 'Invalid input' },
      ],
    }),
  },
};

@Controller()
class ValidationController {
  @Post('list')
  list(@Body(new ValidationPipe()) body: OrderDto) {
    return body;
  }

  @Post('factory')
  factory(@Body(new ValidationPipe({ exceptionFactory: validationExceptionFactory })) body: OrderDto) {
    return body;
  }

  @Post('grouped')
  grouped(@Body(new ValidationPipe({ errorFormat: 'grouped' } as object)) body: OrderDto) {
    return body;
  }

  @Post('unprocessable')
  unprocessable(@Body(new ValidationPipe({ errorHttpStatusCode: 422 })) body: OrderDto) {
    return body;
  }

  @Post('polite')
  polite(@Body(new ValidationPipe()) body: PoliteDto) {
    return body;
  }

  @Post('polite-factory')
  politeFactory(@Body(new ValidationPipe({ exceptionFactory: validationExceptionFactory })) body: PoliteDto) {
    return body;
  }

  @Post('schema')
  schema(
    // Nest 12's `@Body({ schema, pipes })` overload: cast so the file also type-checks against Nest 11's types.
    @Body(nest12 ? ({ schema: orderSchema, pipes: [new StandardSchemaValidationPipe!()] } as never) : ({} as never))
    body: unknown,
  ) {
    return body;
  }

  @Post('schema-factory')
  schemaFactory(
    @Body(
      nest12
        ? ({
            schema: orderSchema,
            pipes: [new StandardSchemaValidationPipe!({ exceptionFactory: validationExceptionFactory })],
          } as never)
        : ({} as never),
    )
    body: unknown,
  ) {
    return body;
  }

  @Get('bad-request-list')
  badRequestList() {
    throw new BadRequestException(['Please retry later', 'coupon must be renewed']);
  }
}

function appWith(options: ExceptionsModuleOptions = {}) {
  @Module({
    imports: [BallastContextModule.forRoot({}), BallastExceptionsModule.forRoot(options)],
    controllers: [ValidationController],
  })
  class AppModule {}
  return AppModule;
}

const invalidOrder = {
  email: 'nope',
  address: { city: 5, street: 'ab' },
  items: [
    { sku: 'a', quantity: 0, tags: ['ok', 3] },
    { sku: 7, quantity: 2, tags: [] },
  ],
};

const orderErrors = [
  { field: 'email', messages: ['email must be an email'] },
  { field: 'address.city', messages: ['city must be a string'] },
  { field: 'address.street', messages: ['street must be longer than or equal to 3 characters'] },
  { field: 'items[0].quantity', messages: ['quantity must not be less than 1'] },
  { field: 'items[0].tags', messages: ['each value in tags must be a string'] },
  { field: 'items[1].sku', messages: ['sku must be a string'] },
];

describe.each(adapters)('validation errors on $name', (adapter) => {
  describe('default format', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await bootApp(appWith(), adapter);
    });
    afterAll(() => app.close());

    it('gives the same paths and messages for the default ValidationPipe and validationExceptionFactory', async () => {
      const list = await app.request('/list', { method: 'POST', body: invalidOrder });
      const factory = await app.request('/factory', { method: 'POST', body: invalidOrder });
      for (const res of [list, factory]) {
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ statusCode: 400, message: 'Validation failed', code: 'VALIDATION_FAILED' });
        expect(res.body.details).toEqual(orderErrors);
      }
    });

    it('keeps the status of a ValidationPipe with errorHttpStatusCode', async () => {
      const res = await app.request('/unprocessable', { method: 'POST', body: invalidOrder });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: orderErrors });
    });

    it('does not make a field of the first word of a message of your own', async () => {
      const body = { name: 1, count: 'many', address: { city: 2 } };
      const list = await app.request('/polite', { method: 'POST', body });
      const factory = await app.request('/polite-factory', { method: 'POST', body });
      expect(list.body.details).toEqual([
        { field: '', messages: ['Please give a name', 'Too many items were ordered'] },
        { field: 'address', messages: ['Please give a city'] },
      ]);
      expect(factory.body.details).toEqual([
        { field: 'name', messages: ['Please give a name'] },
        { field: 'count', messages: ['Too many items were ordered'] },
        { field: 'address.city', messages: ['Please give a city'] },
      ]);
    });

    it('keeps the messages and the code of a BadRequestException(string[]) the app threw', async () => {
      const res = await app.request('/bad-request-list');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Please retry later; coupon must be renewed',
      });
      expect(res.body.code).toBeUndefined();
      expect(res.body.details).toBeUndefined();
    });

    itNest12("maps Nest 12's grouped error format to the same field errors", async () => {
      const res = await app.request('/grouped', { method: 'POST', body: invalidOrder });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ message: 'Validation failed', code: 'VALIDATION_FAILED' });
      expect(res.body.details).toEqual(orderErrors);
    });

    itNest12("maps Nest 12's StandardSchemaValidationPipe messages to field errors", async () => {
      const expected = [
        { field: 'email', messages: ['Invalid email'] },
        { field: 'items[0].quantity', messages: ['Too small: expected number to be >=1'] },
        { field: 'meta.a/b~c', messages: ['Unknown key'] },
        { field: '', messages: ['Invalid input'] },
      ];
      for (const path of ['/schema', '/schema-factory']) {
        const res = await app.request(path, { method: 'POST', body: { email: 'x' } });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ message: 'Validation failed', code: 'VALIDATION_FAILED' });
        expect(res.body.details).toEqual(expected);
      }
    });
  });

  describe('problem+json', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await bootApp(appWith({ format: 'problem+json' }), adapter);
    });
    afterAll(() => app.close());

    it('gives errors[] items an RFC 6901 pointer and a detail, the same for both pipe modes', async () => {
      const list = await app.request('/list', { method: 'POST', body: invalidOrder });
      const factory = await app.request('/factory', { method: 'POST', body: invalidOrder });
      for (const res of [list, factory]) {
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({ status: 400, detail: 'Validation failed', code: 'VALIDATION_FAILED' });
        expect(res.body.errors).toEqual([
          { pointer: '#/email', detail: 'email must be an email', ...orderErrors[0] },
          { pointer: '#/address/city', detail: 'city must be a string', ...orderErrors[1] },
          { pointer: '#/address/street', detail: orderErrors[2]!.messages[0], ...orderErrors[2] },
          { pointer: '#/items/0/quantity', detail: 'quantity must not be less than 1', ...orderErrors[3] },
          { pointer: '#/items/0/tags', detail: 'each value in tags must be a string', ...orderErrors[4] },
          { pointer: '#/items/1/sku', detail: 'sku must be a string', ...orderErrors[5] },
        ]);
      }
    });

    it('leaves the pointer out when the field is unknown', async () => {
      const res = await app.request('/polite', { method: 'POST', body: { name: 1, count: 1, address: { city: 'x' } } });
      expect(res.body.errors).toEqual([{ detail: 'Please give a name', field: '', messages: ['Please give a name'] }]);
    });

    itNest12('escapes ~ and / in pointers (RFC 6901)', async () => {
      const res = await app.request('/schema', { method: 'POST', body: {} });
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { pointer: '#/meta/a~1b~0c', detail: 'Unknown key', field: 'meta.a/b~c', messages: ['Unknown key'] },
        ]),
      );
    });
  });
});
