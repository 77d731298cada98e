import { Module } from '@nestjs/common';
import { RegisterModule } from '../register/register.module.js';
import { LanguageCatalogModule } from './language-catalog.module.js';
import { LanguagesController } from './languages.controller.js';
import { LanguagesService } from './languages.service.js';

/** The public language list: the catalog with the register's counts, so it sits above the register. */
@Module({
  imports: [LanguageCatalogModule, RegisterModule],
  controllers: [LanguagesController],
  providers: [LanguagesService],
  exports: [LanguagesService],
})
export class LanguagesModule {}
