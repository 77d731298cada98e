import { Module } from '@nestjs/common';
import { EntryCountsModule } from '../register/entry-counts.module.js';
import { LanguagesController } from './languages.controller.js';
import { LanguagesRepository } from './languages.repository.js';
import { LanguagesService } from './languages.service.js';

@Module({
  imports: [EntryCountsModule],
  controllers: [LanguagesController],
  providers: [LanguagesRepository, LanguagesService],
  exports: [LanguagesService],
})
export class LanguagesModule {}
