import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { UserCreatedEvent } from './user-created.event.js';

/** Reacts to new users (a welcome mail, an audit record...); here it logs, through Nest's Logger. */
@Injectable()
export class UserCreatedListener {
  private readonly logger = new Logger(UserCreatedListener.name);

  @OnEvent(UserCreatedEvent.NAME)
  handle(event: UserCreatedEvent): void {
    // The id, not the email: log lines travel further than the database does.
    this.logger.log({ msg: 'user created', userId: event.userId });
  }
}
