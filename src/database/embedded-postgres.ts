import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * PostgreSQL compiled to WebAssembly (PGlite), served in-process on a
 * loopback port so that TypeORM talks to it with the ordinary `pg` driver,
 * exactly as it talks to a real server.
 *
 * PGlite is one backend, one session. The socket server hands it each
 * protocol message as it arrives and only keeps an explicit transaction
 * together, so two connections interleave their Parse/Bind/Execute messages
 * and share one unnamed prepared statement: under load that gave failed binds
 * and rows meant for another query. With exactly one connection the session
 * belongs to one client, as on a real server, and correctness does not depend
 * on how the messages are queued.
 */
export class EmbeddedPostgres {
  /** The pool must not open more than this; the server refuses any further connection. */
  static readonly CONNECTIONS = 1;

  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
  ) {}

  static async start(dataDir: string): Promise<EmbeddedPostgres> {
    const inMemory = dataDir.startsWith('memory://');
    if (!inMemory) await mkdir(dataDir, { recursive: true });
    const db = await PGlite.create({
      dataDir: inMemory ? undefined : dataDir,
      extensions: { pg_trgm },
    });
    const server = new PGLiteSocketServer({
      db,
      host: '127.0.0.1',
      port: 0,
      maxConnections: EmbeddedPostgres.CONNECTIONS,
    });
    await server.start();
    return new EmbeddedPostgres(db, server);
  }

  /** host:port the socket server listens on. */
  get address(): { host: string; port: number } {
    const [host, port] = this.server.getServerConn().split(':');
    return { host, port: Number(port) };
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
  }
}
