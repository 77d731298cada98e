import { Module } from '@nestjs/common';
import { LanguageCatalogService } from './language-catalog.service.js';
import { LanguagesRepository } from './languages.repository.js';

/**
 * The languages as reference data, below the register: the register, the
 * cards and the language list (LanguagesModule, which adds the register's
 * counts) read them here.
 */
@Module({
  providers: [LanguagesRepository, LanguageCatalogService],
  exports: [LanguageCatalogService],
})
export class LanguageCatalogModule {}
