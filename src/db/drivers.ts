import type SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  DEFAULT_MIGRATION_LOCK_TABLE,
  DEFAULT_MIGRATION_TABLE,
  PostgresDialect,
  PostgresDriver,
  PostgresIntrospector,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type DatabaseMetadataOptions,
  type Driver,
  type Kysely,
  type PostgresDialectConfig,
  type SqliteDialectConfig,
  type TableMetadata,
} from 'kysely';
import { faultOf } from './faults';

/*
 * Kysely's drivers with two changes that matter when things go wrong.
 *
 * SQLite: a transaction starts with BEGIN IMMEDIATE, taking the write lock at once. Kysely's
 * plain BEGIN is deferred: the lock is asked for at the first write, and when another process
 * (a second instance, a rolling restart) has written since the transaction's first read,
 * SQLite answers SQLITE_BUSY_SNAPSHOT at once, without waiting for busy_timeout. Every
 * transaction in this app writes, so taking the lock up front costs nothing and lets the
 * busy_timeout queue writers instead.
 *
 * Both: a failed statement can end the transaction by itself (SQLite rolls back on
 * SQLITE_FULL; a PostgreSQL connection that died has no transaction left). Kysely then sends
 * ROLLBACK, which fails ("cannot rollback - no transaction is active", "Connection
 * terminated") and that second error replaced the first, so the log never said SQLITE_FULL.
 */

class ImmediateSqliteDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly sqlite: SQLite.Database,
  ) {
    super(config);
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.sqlite.inTransaction) await super.rollbackTransaction(connection);
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    private readonly settings: SqliteDialectConfig,
    private readonly sqlite: SQLite.Database,
  ) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings, this.sqlite);
  }
}

class SafeRollbackPostgresDriver extends PostgresDriver {
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } catch (err) {
      // The connection is gone, and its transaction with it; the pool drops the client on release.
      if (faultOf(err) !== 'unavailable') throw err;
    }
  }
}

class ClosingPostgresDriver extends SafeRollbackPostgresDriver {
  constructor(
    config: PostgresDialectConfig,
    private readonly alsoClose: () => Promise<void>,
  ) {
    super(config);
  }

  override async destroy(): Promise<void> {
    await super.destroy();
    await this.alsoClose();
  }
}

export class SafeRollbackPostgresDialect extends PostgresDialect {
  /** `alsoClose`: what else to close with the pool when the Kysely instance is destroyed. */
  constructor(
    private readonly settings: PostgresDialectConfig,
    private readonly alsoClose: () => Promise<void> = async () => {},
  ) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ClosingPostgresDriver(this.settings, this.alsoClose);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SearchPathIntrospector(db);
  }
}

/*
 * The migrator asks the introspector which tables exist. Kysely's lists the tables of every schema
 * of the database and calls functions that take each schema's name (has_schema_privilege,
 * pg_get_serial_sequence): a schema dropped meanwhile by anyone else made the migration fail
 * with "schema … does not exist" or "cache lookup failed for namespace" (seen when test files,
 * each in a schema of its own, start and finish together). The app only needs the tables of the
 * schemas on its search path, by name.
 */
class SearchPathIntrospector extends PostgresIntrospector {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(private readonly db: Kysely<any>) {
    super(db);
  }

  override async getTables(options: DatabaseMetadataOptions = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string; schema: string; is_view: boolean }>`
      select c.relname as name, n.nspname as schema, c.relkind in ('v', 'm') as is_view
      from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v', 'm') and n.nspname = any (current_schemas(false))
      order by n.nspname, c.relname`.execute(this.db);
    const internal = new Set([DEFAULT_MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE]);
    return rows.filter((r) => options.withInternalKyselyTables || !internal.has(r.name)).map((r) => ({ name: r.name, schema: r.schema, isView: r.is_view, columns: [] }));
  }
}
