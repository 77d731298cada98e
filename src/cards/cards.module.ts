import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import type { CardConfig, DatabaseConfig, AppConfig } from '../config/configuration.js';
import { WebModule } from '../web/web.module.js';
import { CARD_KEYS_CLOCK, CardKeyStore, type Clock } from './card-key-store.js';
import { CardsController } from './cards.controller.js';
import { CardsService } from './cards.service.js';

@Module({
  imports: [WebModule],
  controllers: [CardsController],
  providers: [
    { provide: CARD_KEYS_CLOCK, useFactory: (): Clock => ({ now: () => Date.now() }) },
    {
      provide: CardKeyStore,
      inject: [ConfigService, DataSource, CARD_KEYS_CLOCK],
      useFactory: (config: ConfigService, dataSource: DataSource, clock: Clock) => {
        const cards = config.getOrThrow<CardConfig>('cards');
        return new CardKeyStore(
          {
            signingKeys: cards.signingKeys,
            keysFile: cards.keysFile,
            dataDir: config.getOrThrow<DatabaseConfig>('database').dataDir,
            production: config.getOrThrow<AppConfig>('app').env === 'production',
          },
          dataSource,
          clock,
        );
      },
    },
    CardsService,
  ],
  exports: [CardsService],
})
export class CardsModule {}
