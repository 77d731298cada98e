import { Module } from '@nestjs/common';
import { LanguagesModule } from '../languages/languages.module.js';
import { WebModule } from '../web/web.module.js';
import { RegisterPagesController } from './register-pages.controller.js';
import { RegisterController } from './register.controller.js';
import { RegisterService } from './register.service.js';
import { StatisticsService } from './statistics.service.js';

@Module({
  imports: [LanguagesModule, WebModule],
  controllers: [RegisterController, RegisterPagesController],
  providers: [RegisterService, StatisticsService],
  exports: [RegisterService, StatisticsService],
})
export class RegisterModule {}
