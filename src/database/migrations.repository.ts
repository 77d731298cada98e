import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The only code that reads migrations, the table TypeORM writes as it applies them. */
@Injectable()
export class MigrationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The names of the applied migrations, in the order they ran. */
  async applied(): Promise<string[]> {
    const rows: Array<{ name: string }> = await this.dataSource.query(
      `SELECT name FROM migrations ORDER BY id`,
    );
    return rows.map((r) => r.name);
  }
}
