import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { DocumentsRepository, type StorageKind } from './documents.repository.js';

/**
 * Where a document's bytes live: the one port for writing and reading them.
 * The row is the record of the document either way; `put` runs before the
 * row is inserted (in the caller's transaction) and `discard` undoes it when
 * that transaction does not commit.
 */
export abstract class DocumentStorage {
  abstract readonly kind: StorageKind;
  /** Keeps the bytes of document `id`; returns what goes into the row's `content` (or null). */
  abstract put(id: string, bytes: Buffer): Promise<Buffer | null>;
  /** Removes what `put` kept for a row that never committed. Missing is fine. */
  abstract discard(id: string): Promise<void>;
  /** The bytes of a committed document, or undefined when they are gone. */
  abstract read(id: string): Promise<Buffer | undefined>;
}

/** The bytes in the row's `bytea` column: one backup, one transaction, no files. The default. */
@Injectable()
export class DatabaseDocumentStorage extends DocumentStorage {
  readonly kind = 'database';

  constructor(private readonly documents: DocumentsRepository) {
    super();
  }

  put(_id: string, bytes: Buffer): Promise<Buffer> {
    return Promise.resolve(bytes);
  }

  discard(): Promise<void> {
    // The bytes roll back with the row.
    return Promise.resolve();
  }

  async read(id: string): Promise<Buffer | undefined> {
    return (await this.documents.content(id)) ?? undefined;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The bytes as files in one folder (UPLOAD_DIR), each named by its
 * document's id alone, never by anything a client sent. A file is written
 * under a temporary name, flushed to disk, then renamed into place, so a
 * reader never sees half a file; the folder is flushed too, so the name
 * survives a crash once the row commits.
 */
export class FolderDocumentStorage extends DocumentStorage {
  readonly kind = 'folder';
  private ready: Promise<void> | undefined;

  constructor(readonly dir: string) {
    super();
  }

  private pathOf(id: string): string {
    if (!UUID.test(id)) throw new Error('A document id must be a UUID');
    return join(this.dir, id);
  }

  private ensureDir(): Promise<void> {
    this.ready ??= mkdir(this.dir, { recursive: true, mode: 0o700 }).then(() => undefined);
    return this.ready;
  }

  async put(id: string, bytes: Buffer): Promise<null> {
    const path = this.pathOf(id);
    await this.ensureDir();
    const temporary = join(this.dir, `.${id}.${randomBytes(6).toString('hex')}.tmp`);
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(bytes);
      await file.sync();
    } catch (error) {
      await file.close();
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
    await file.close();
    try {
      await rename(temporary, path);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
    const folder = await open(this.dir, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
    return null;
  }

  async discard(id: string): Promise<void> {
    await unlink(this.pathOf(id)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  async read(id: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(id));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}
