import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service.js';

/** Global: every feature that changes data or reads personal data writes to the trail. */
@Global()
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
