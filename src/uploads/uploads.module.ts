import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { UploadConfig } from '../config/configuration.js';
import {
  DatabaseDocumentStorage,
  DocumentStorage,
  FolderDocumentStorage,
} from './document-storage.js';
import { DocumentsRepository } from './documents.repository.js';
import { UploadsService } from './uploads.service.js';

/**
 * Uploaded documents. Features import this module and use UploadsService;
 * the HTTP side (AcceptsUploads, readUpload, sendDocument) is plain
 * functions in this folder.
 */
@Module({
  providers: [
    DocumentsRepository,
    DatabaseDocumentStorage,
    {
      provide: DocumentStorage,
      inject: [ConfigService, DatabaseDocumentStorage],
      useFactory: (config: ConfigService, inRow: DatabaseDocumentStorage): DocumentStorage => {
        const { storage, dir } = config.getOrThrow<UploadConfig>('uploads');
        return storage === 'folder' && dir ? new FolderDocumentStorage(dir) : inRow;
      },
    },
    UploadsService,
  ],
  exports: [UploadsService],
})
export class UploadsModule {}
