import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { CardConfig, DatabaseConfig, AppConfig } from '../config/configuration.js';
import { WebModule } from '../web/web.module.js';
import { loadCardKeys } from './card-keys.js';
import { CardsController } from './cards.controller.js';
import { CARD_KEYS, CardsService } from './cards.service.js';

@Module({
  imports: [WebModule],
  controllers: [CardsController],
  providers: [
    {
      provide: CARD_KEYS,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => {
        const cards = config.getOrThrow<CardConfig>('cards');
        return loadCardKeys({
          signingKeys: cards.signingKeys,
          keysFile: cards.keysFile,
          dataDir: config.getOrThrow<DatabaseConfig>('database').dataDir,
          production: config.getOrThrow<AppConfig>('app').env === 'production',
        });
      },
    },
    CardsService,
  ],
  exports: [CardsService],
})
export class CardsModule {}
