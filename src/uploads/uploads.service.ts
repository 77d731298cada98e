import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, type EntityManager, type EntitySubscriberInterface } from 'typeorm';
import type { QueryRunner } from 'typeorm';
import type { Actor } from '../audit/actor.js';
import { AuditService } from '../audit/audit.service.js';
import type { UploadConfig } from '../config/configuration.js';
import { DatabaseDocumentStorage, DocumentStorage } from './document-storage.js';
import { DocumentsRepository, type DocumentRow } from './documents.repository.js';
import {
  inspectUpload,
  type AcceptedUpload,
  type DocumentMediaType,
  type DocumentPurpose,
  type IntakeLimits,
} from './intake.js';

/** What the register knows about a stored document (never its bytes). */
export interface StoredDocument {
  id: string;
  ownerUserId: string;
  purpose: DocumentPurpose;
  mediaType: DocumentMediaType;
  byteSize: number;
  sha256: string;
  /** The client's file name, cleaned; for display and the download's file name only. */
  displayName: string;
  width: number | null;
  height: number | null;
  createdAt: Date;
}

/** A stored document with its bytes, ready for `sendDocument`. */
export interface OpenedDocument {
  meta: StoredDocument;
  bytes: Buffer;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toStored(row: DocumentRow): StoredDocument {
  return {
    id: row.id,
    ownerUserId: row.owner_user_id,
    purpose: row.purpose,
    mediaType: row.media_type,
    byteSize: row.byte_size,
    sha256: row.sha256,
    displayName: row.display_name,
    width: row.width,
    height: row.height,
    createdAt: row.created_at,
  };
}

/**
 * Files written for rows whose transaction is still open, by its query
 * runner: when the transaction rolls back the files go too; when it commits
 * they stay. (A savepoint rolled back inside a transaction that then commits
 * leaves its file behind: an orphan for the sweep, never a row without a file.)
 */
class PendingFiles implements EntitySubscriberInterface {
  private readonly pending = new WeakMap<QueryRunner, string[]>();

  constructor(
    private readonly storage: DocumentStorage,
    private readonly logger: Logger,
  ) {}

  track(queryRunner: QueryRunner, id: string): void {
    const ids = this.pending.get(queryRunner) ?? [];
    ids.push(id);
    this.pending.set(queryRunner, ids);
  }

  afterTransactionCommit(event: { queryRunner: QueryRunner }): void {
    if (!event.queryRunner.isTransactionActive) this.pending.delete(event.queryRunner);
  }

  async afterTransactionRollback(event: { queryRunner: QueryRunner }): Promise<void> {
    if (event.queryRunner.isTransactionActive) return;
    const ids = this.pending.get(event.queryRunner) ?? [];
    this.pending.delete(event.queryRunner);
    for (const id of ids) {
      await this.storage.discard(id).catch((error: Error) => {
        this.logger.error(
          `Could not remove the file of rolled-back document ${id}: ${error.message}`,
        );
      });
    }
  }
}

/**
 * Uploaded documents: intake (`inspect`), storing in the caller's
 * transaction (`store`), finding and opening them for download. Who may see
 * a document is decided by the feature that calls `find`/`findOwned`.
 */
@Injectable()
export class UploadsService implements OnModuleInit {
  private readonly logger = new Logger(UploadsService.name);
  private readonly pendingFiles: PendingFiles;
  readonly limits: IntakeLimits;

  constructor(
    private readonly dataSource: DataSource,
    private readonly documents: DocumentsRepository,
    private readonly storage: DocumentStorage,
    private readonly inRow: DatabaseDocumentStorage,
    private readonly audit: AuditService,
    config: ConfigService,
  ) {
    const { maxBytes, maxPixels } = config.getOrThrow<UploadConfig>('uploads');
    this.limits = { maxBytes, maxPixels };
    this.pendingFiles = new PendingFiles(storage, this.logger);
  }

  onModuleInit(): void {
    if (this.storage.kind !== 'database') this.dataSource.subscribers.push(this.pendingFiles);
  }

  /** Intake with the configured limits: see `inspectUpload`. */
  inspect(
    bytes: Buffer,
    purpose: DocumentPurpose,
    clientName: string | undefined,
  ): Promise<AcceptedUpload> {
    return inspectUpload(bytes, purpose, clientName, this.limits);
  }

  /**
   * Stores an accepted upload for its owner in the caller's transaction
   * (`em` must be in one) and records `document.stored` there. With folder
   * storage the file is written before the row and removed again if the
   * transaction rolls back.
   */
  async store(
    em: EntityManager,
    actor: Actor,
    ownerUserId: string,
    upload: AcceptedUpload,
  ): Promise<StoredDocument> {
    const queryRunner = em.queryRunner;
    if (!queryRunner?.isTransactionActive) {
      throw new Error('UploadsService.store must run in the caller’s transaction');
    }
    const id = randomUUID();
    const content = await this.storage.put(id, upload.bytes);
    if (this.storage.kind !== 'database') this.pendingFiles.track(queryRunner, id);
    await this.documents.insert(em, {
      id,
      ownerUserId,
      purpose: upload.purpose,
      mediaType: upload.mediaType,
      byteSize: upload.byteSize,
      sha256: upload.sha256,
      displayName: upload.displayName,
      width: upload.width,
      height: upload.height,
      storage: this.storage.kind,
      content,
    });
    await this.audit.record(em, actor, {
      action: 'document.stored',
      subjectType: 'document',
      subjectId: id,
      // Not the file name: people name files after themselves.
      details: {
        ownerUserId,
        purpose: upload.purpose,
        mediaType: upload.mediaType,
        byteSize: upload.byteSize,
        sha256: upload.sha256,
      },
    });
    const row = await this.documents.find(id, undefined, em);
    return toStored(row!);
  }

  /** A document by id, whoever owns it: for staff working a case (the caller decides). */
  async find(id: string, em?: EntityManager): Promise<StoredDocument | undefined> {
    if (!UUID.test(id)) return undefined;
    const row = await this.documents.find(id, undefined, em);
    return row && toStored(row);
  }

  /** A document by id only when this user owns it; undefined otherwise, as for a missing one. */
  async findOwned(
    id: string,
    ownerUserId: string,
    em?: EntityManager,
  ): Promise<StoredDocument | undefined> {
    if (!UUID.test(id)) return undefined;
    const row = await this.documents.find(id, ownerUserId, em);
    return row && toStored(row);
  }

  /**
   * A document with its bytes, after the caller has decided the viewer may
   * see it (`find`/`findOwned`). Undefined for an unknown id. Reads through
   * the pool: not inside a transaction on the embedded database.
   */
  async open(id: string): Promise<OpenedDocument | undefined> {
    if (!UUID.test(id)) return undefined;
    const row = await this.documents.find(id);
    if (!row) return undefined;
    const bytes = await this.storageOf(row).read(row.id);
    if (bytes === undefined) {
      throw new Error(`The bytes of document ${row.id} (${row.storage} storage) are missing`);
    }
    return { meta: toStored(row), bytes };
  }

  /** Every document the user uploaded, without bytes (their access request). */
  async ownedBy(ownerUserId: string): Promise<StoredDocument[]> {
    return (await this.documents.ofOwner(ownerUserId)).map(toStored);
  }

  private storageOf(row: DocumentRow): DocumentStorage {
    if (row.storage === this.storage.kind) return this.storage;
    if (row.storage === 'database') return this.inRow;
    throw new Error(
      `Document ${row.id} is kept in a folder, but UPLOAD_STORAGE is ${this.storage.kind}`,
    );
  }
}
