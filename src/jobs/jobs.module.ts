import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { jobsConfig } from '../config/configuration.js';
import { JobRunner } from './job-runner.js';

/** Global: any feature may queue work in its transaction and work its own queues. */
@Global()
@Module({
  imports: [ConfigModule.forFeature(jobsConfig)],
  providers: [JobRunner],
  exports: [JobRunner],
})
export class JobsModule {}
