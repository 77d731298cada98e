import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * PostgreSQL compiled to WebAssembly (PGlite), served in-process on a
 * loopback port so that TypeORM talks to it with the ordinary `pg` driver,
 * exactly as it talks to a real server.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
  ) {}

  static async start(dataDir: string, maxConnections: number): Promise<EmbeddedPostgres> {
    const inMemory = dataDir.startsWith('memory://');
    if (!inMemory) await mkdir(dataDir, { recursive: true });
    const db = await PGlite.create({
      dataDir: inMemory ? undefined : dataDir,
      extensions: { pg_trgm },
    });
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
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
