import { Module } from '@nestjs/common';
import { InterpretersModule } from '../interpreters/interpreters.module.js';
import { LanguagesModule } from '../languages/languages.module.js';
import { RegisterModule } from '../register/register.module.js';
import { WebModule } from '../web/web.module.js';
import { RegisterImportPagesController } from './register-import-pages.controller.js';
import { RegisterImportService } from './register-import.service.js';

/** Importing an existing register from CSV, through the register's own write methods. */
@Module({
  imports: [RegisterModule, InterpretersModule, LanguagesModule, WebModule],
  controllers: [RegisterImportPagesController],
  providers: [RegisterImportService],
  exports: [RegisterImportService],
})
export class RegisterImportModule {}
