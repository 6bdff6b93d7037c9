import { Controller, Get } from '@nestjs/common';

@Controller()
export class AppController {
  @Get()
  index(): { name: string; status: string } {
    return { name: 'ballast example api', status: 'ok' };
  }
}
