import { Module } from '@nestjs/common';
import { LanguagesModule } from '../languages/languages.module.js';
import { RegisterController } from './register.controller.js';
import { RegisterService } from './register.service.js';
import { StatisticsService } from './statistics.service.js';

@Module({
  imports: [LanguagesModule],
  controllers: [RegisterController],
  providers: [RegisterService, StatisticsService],
  exports: [RegisterService, StatisticsService],
})
export class RegisterModule {}
