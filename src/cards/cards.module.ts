import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import type { CardConfig, DatabaseConfig, AppConfig } from '../config/configuration.js';
import { WebModule } from '../web/web.module.js';
import { CARD_KEYS_CLOCK, CardKeyStore, type Clock } from './card-key-store.js';
import { CardCheckService } from './card-check.service.js';
import { CardKeysService } from './card-keys.service.js';
import { CardPagesController } from './card-pages.controller.js';
import { CardsController } from './cards.controller.js';
import { HolderCardService } from './holder-card.service.js';
import { LanguageNamesService } from './language-names.service.js';
import { PrintRunService } from './print-run.service.js';
import { PrintableCardsService } from './printable-cards.service.js';
import { StatusListService } from './status-list.service.js';

@Module({
  imports: [WebModule],
  controllers: [CardsController, CardPagesController],
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
    LanguageNamesService,
    PrintableCardsService,
    CardCheckService,
    HolderCardService,
    PrintRunService,
    StatusListService,
    CardKeysService,
  ],
  exports: [PrintRunService, CardKeysService],
})
export class CardsModule {}
