import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Creates `users`. Written with TypeORM's schema API so it runs on PostgreSQL and on the embedded SQLite alike;
 * the only driver-specific choices (uuid and timestamp types) are read from the driver.
 */
export class CreateUsers1764000000000 implements MigrationInterface {
  name = 'CreateUsers1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const driver = queryRunner.connection.driver;
    const isPostgres = driver.options.type === 'postgres';
    const timestamp = {
      type: String(driver.mappedDataTypes.createDate),
      default: String(driver.mappedDataTypes.createDateDefault),
    };
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'id', type: isPostgres ? 'uuid' : 'varchar', length: isPostgres ? undefined : '36', isPrimary: true },
          { name: 'email', type: 'varchar', length: '254' },
          { name: 'name', type: 'varchar', length: '50' },
          { name: 'password_hash', type: 'varchar', length: '60' },
          { name: 'created_at', ...timestamp },
          { name: 'updated_at', ...timestamp },
        ],
      }),
    );
    await queryRunner.createIndex(
      'users',
      new TableIndex({ name: 'UQ_users_email', columnNames: ['email'], isUnique: true }),
    );
    await queryRunner.createIndex(
      'users',
      new TableIndex({ name: 'IDX_users_created_at', columnNames: ['created_at', 'id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('users');
  }
}
