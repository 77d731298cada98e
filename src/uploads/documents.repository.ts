import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { DocumentMediaType, DocumentPurpose } from './intake.js';

export type StorageKind = 'database' | 'folder';

/** A document's row without its bytes. */
export interface DocumentRow {
  id: string;
  owner_user_id: string;
  purpose: DocumentPurpose;
  media_type: DocumentMediaType;
  byte_size: number;
  sha256: string;
  display_name: string;
  width: number | null;
  height: number | null;
  storage: StorageKind;
  created_at: Date;
}

export interface NewDocumentRow {
  id: string;
  ownerUserId: string;
  purpose: DocumentPurpose;
  mediaType: DocumentMediaType;
  byteSize: number;
  sha256: string;
  displayName: string;
  width: number | null;
  height: number | null;
  storage: StorageKind;
  /** The bytes, for database storage; null when they are in a file. */
  content: Buffer | null;
}

const META = `id, owner_user_id, purpose, media_type, byte_size, sha256, display_name, width, height,
  storage, created_at`;

/** The only code that reads or writes `documents`. */
@Injectable()
export class DocumentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(em: EntityManager, row: NewDocumentRow): Promise<void> {
    await em.query(
      `INSERT INTO documents (id, owner_user_id, purpose, media_type, byte_size, sha256,
         display_name, width, height, storage, content)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        row.id,
        row.ownerUserId,
        row.purpose,
        row.mediaType,
        row.byteSize,
        row.sha256,
        row.displayName,
        row.width,
        row.height,
        row.storage,
        row.content,
      ],
    );
  }

  /** The row, optionally only when this user owns it; through `em` inside a transaction. */
  async find(
    id: string,
    ownerUserId?: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<DocumentRow | undefined> {
    const rows: DocumentRow[] = await em.query(
      `SELECT ${META} FROM documents WHERE id = $1 AND ($2::uuid IS NULL OR owner_user_id = $2)`,
      [id, ownerUserId ?? null],
    );
    return rows[0];
  }

  /** The bytes kept in the row (database storage), or null. */
  async content(id: string, em: EntityManager = this.dataSource.manager): Promise<Buffer | null> {
    const rows: Array<{ content: Buffer | null }> = await em.query(
      `SELECT content FROM documents WHERE id = $1`,
      [id],
    );
    return rows[0]?.content ?? null;
  }

  /** Every document a user uploaded (metadata only), oldest first. */
  ofOwner(ownerUserId: string): Promise<DocumentRow[]> {
    return this.dataSource.query(
      `SELECT ${META} FROM documents WHERE owner_user_id = $1 ORDER BY created_at, id`,
      [ownerUserId],
    );
  }
}
