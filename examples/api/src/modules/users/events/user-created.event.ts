/** Emitted once a user is stored. Carries no password and no hash. */
export class UserCreatedEvent {
  static readonly NAME = 'user.created';

  constructor(
    readonly userId: string,
    readonly email: string,
  ) {}
}
