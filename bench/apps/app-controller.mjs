// The one route every benchmark app serves: `GET /` returns a small JSON object, the same body as the example app's
// `GET /`. Plain JavaScript, so the decorators are applied by hand.
import { Controller, Get } from '@nestjs/common';

export class AppController {
  index() {
    return { name: 'ballast example api', status: 'ok' };
  }
}
Controller()(AppController);
Get()(AppController.prototype, 'index', Object.getOwnPropertyDescriptor(AppController.prototype, 'index'));
