import { Module } from '@nestjs/common';
import { InterpretersRepository } from './interpreters.repository.js';
import { InterpretersService } from './interpreters.service.js';

/** The persons who interpret; other features reach their rows through InterpretersService only. */
@Module({
  providers: [InterpretersRepository, InterpretersService],
  exports: [InterpretersService],
})
export class InterpretersModule {}
