import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Cacheable, CacheEvict } from '@ballast/cache';
import { compare, hash } from 'bcryptjs';
import type { CreateUserDto } from './dto/create-user.dto.js';
import type { UpdateUserDto } from './dto/update-user.dto.js';
import { toUserResponse, type UserPage, type UserResponse } from './dto/user.response.js';
import { UserCreatedEvent } from './events/user-created.event.js';
import { UsersRepository } from './users.repository.js';

/** Cache key of one user's response; the same function for @Cacheable and @CacheEvict, so they cannot drift. */
const userKey = (id: string): string => `user:${id}`;

/** bcrypt cost: 2^10 rounds, about 50-100 ms per hash in pure JS. */
const HASH_ROUNDS = 10;

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly events: EventEmitter2,
  ) {}

  async create(dto: CreateUserDto): Promise<UserResponse> {
    // A plain Nest Logger: the line gets this request's id from @ballast/logger. No email, no password: no PII.
    this.logger.log('creating user', { nameLength: dto.name.length });
    // No "is the email taken?" query first: it would race with a concurrent create anyway. The unique index decides,
    // and @ballast/exceptions maps its violation to 409 "email already exists" (and logs the database error).
    const user = await this.users.create({
      email: dto.email,
      name: dto.name,
      passwordHash: await hash(dto.password, HASH_ROUNDS),
    });
    this.events.emit(UserCreatedEvent.NAME, new UserCreatedEvent(user.id, user.email));
    return toUserResponse(user);
  }

  // Cached as the response (plain JSON data), so it round-trips through Redis unchanged. Misses are not cached:
  // a 404 throws, and a thrown loader error never lands in the cache.
  @Cacheable({ key: userKey })
  async findOne(id: string): Promise<UserResponse> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundException(`user ${id} not found`);
    return toUserResponse(user);
  }

  async findPage(page: number, limit: number): Promise<UserPage> {
    const [users, total] = await this.users.findPage(page, limit);
    return { items: users.map(toUserResponse), page, limit, total };
  }

  @CacheEvict({ keys: userKey })
  async update(id: string, dto: UpdateUserDto): Promise<UserResponse> {
    const user = await this.users.update(id, {
      ...(dto.email !== undefined && { email: dto.email }),
      ...(dto.name !== undefined && { name: dto.name }),
      ...(dto.password !== undefined && { passwordHash: await hash(dto.password, HASH_ROUNDS) }),
    });
    if (!user) throw new NotFoundException(`user ${id} not found`);
    return toUserResponse(user);
  }

  @CacheEvict({ keys: userKey })
  async remove(id: string): Promise<void> {
    if (!(await this.users.delete(id))) throw new NotFoundException(`user ${id} not found`);
  }

  /** Compares a password with the stored hash (what a login endpoint would call). */
  async verifyPassword(email: string, password: string): Promise<boolean> {
    const user = await this.users.findByEmail(email, { withPasswordHash: true });
    return user ? compare(password, user.passwordHash) : false;
  }
}
