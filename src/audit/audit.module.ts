import { Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import {
  type AppConfig,
  type AuditConfig,
  auditConfig,
  type DatabaseConfig,
} from '../config/configuration.js';
import { AUDIT_KEY, loadAuditKey } from './audit-key.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';

/** Global: every feature that changes data or reads personal data writes to the trail. */
@Global()
@Module({
  imports: [ConfigModule.forFeature(auditConfig)],
  providers: [
    {
      provide: AUDIT_KEY,
      inject: [ConfigService],
      useFactory: (config: ConfigService) =>
        loadAuditKey({
          configured: config.getOrThrow<AuditConfig>('audit').hmacKey,
          dataDir: config.getOrThrow<DatabaseConfig>('database').dataDir,
          production: config.getOrThrow<AppConfig>('app').env === 'production',
        }),
    },
    AuditRepository,
    AuditService,
  ],
  exports: [AuditService],
})
export class AuditModule {}
