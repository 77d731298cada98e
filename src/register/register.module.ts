import { Module } from '@nestjs/common';
import { InterpretersModule } from '../interpreters/interpreters.module.js';
import { LanguagesModule } from '../languages/languages.module.js';
import { WebModule } from '../web/web.module.js';
import { EntryCountsModule } from './entry-counts.module.js';
import { RegisterPagesController } from './register-pages.controller.js';
import { RegisterController } from './register.controller.js';
import { RegisterRepository } from './register.repository.js';
import { RegisterService } from './register.service.js';
import { StatisticsService } from './statistics.service.js';

@Module({
  imports: [LanguagesModule, InterpretersModule, EntryCountsModule, WebModule],
  controllers: [RegisterController, RegisterPagesController],
  providers: [RegisterRepository, RegisterService, StatisticsService],
  exports: [RegisterService, StatisticsService],
})
export class RegisterModule {}
