import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { User } from './entities/user.entity.js';

/** Data access for users: the only class that knows about TypeORM. */
@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(User) private readonly repository: Repository<User>) {}

  findById(id: string): Promise<User | null> {
    return this.repository.findOne({ where: { id } });
  }

  /** The password hash is left out unless asked for (`select: false` on the column). */
  findByEmail(email: string, options: { withPasswordHash?: boolean } = {}): Promise<User | null> {
    if (!options.withPasswordHash) return this.repository.findOne({ where: { email } });
    return this.repository
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.email = :email', { email })
      .getOne();
  }

  /** One page, oldest first (stable order: created_at, then id). */
  findPage(page: number, limit: number): Promise<[User[], number]> {
    return this.repository.findAndCount({
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: (page - 1) * limit,
      take: limit,
    });
  }

  async create(data: { email: string; name: string; passwordHash: string }): Promise<User> {
    const id = randomUUID();
    await this.repository.insert({ id, ...data });
    return this.repository.findOneOrFail({ where: { id } });
  }

  async update(id: string, changes: Partial<Pick<User, 'email' | 'name' | 'passwordHash'>>): Promise<User | null> {
    if (Object.keys(changes).length > 0) {
      await this.repository.update({ id }, changes);
    }
    return this.findById(id);
  }

  /** True when a row was deleted. */
  async delete(id: string): Promise<boolean> {
    const result = await this.repository.delete({ id });
    return (result.affected ?? 0) > 0;
  }
}
