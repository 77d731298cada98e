import { Module } from '@nestjs/common';
import { EntryCountsRepository } from './entry-counts.repository.js';
import { EntryCountsService } from './entry-counts.service.js';

/**
 * The register's counts of active entries, in a module of their own that
 * imports nothing: the language list needs them, and the register needs the
 * languages, so they sit below both.
 */
@Module({
  providers: [EntryCountsRepository, EntryCountsService],
  exports: [EntryCountsService],
})
export class EntryCountsModule {}
