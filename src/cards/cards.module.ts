import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { CardConfig, DatabaseConfig, AppConfig } from '../config/configuration.js';
import { InterpretersModule } from '../interpreters/interpreters.module.js';
import { LanguagesModule } from '../languages/languages.module.js';
import { WebModule } from '../web/web.module.js';
import { CARD_KEYS_CLOCK, CardKeyStore, type Clock } from './card-key-store.js';
import { CardCheckService } from './card-check.service.js';
import { CardKeysRepository } from './card-keys.repository.js';
import { CardKeysService } from './card-keys.service.js';
import { CardPagesController } from './card-pages.controller.js';
import { CardsController } from './cards.controller.js';
import { CardsRepository } from './cards.repository.js';
import { HolderCardService } from './holder-card.service.js';
import { PrintRunService } from './print-run.service.js';
import { PrintableCardsService } from './printable-cards.service.js';
import { StatusListService } from './status-list.service.js';

@Module({
  imports: [WebModule, InterpretersModule, LanguagesModule],
  controllers: [CardsController, CardPagesController],
  providers: [
    CardsRepository,
    CardKeysRepository,
    { provide: CARD_KEYS_CLOCK, useFactory: (): Clock => ({ now: () => Date.now() }) },
    {
      provide: CardKeyStore,
      inject: [ConfigService, CardKeysRepository, CARD_KEYS_CLOCK],
      useFactory: (config: ConfigService, retirements: CardKeysRepository, clock: Clock) => {
        const cards = config.getOrThrow<CardConfig>('cards');
        return new CardKeyStore(
          {
            signingKeys: cards.signingKeys,
            keysFile: cards.keysFile,
            dataDir: config.getOrThrow<DatabaseConfig>('database').dataDir,
            production: config.getOrThrow<AppConfig>('app').env === 'production',
          },
          retirements,
          clock,
        );
      },
    },
    PrintableCardsService,
    CardCheckService,
    HolderCardService,
    PrintRunService,
    StatusListService,
    CardKeysService,
  ],
  exports: [PrintRunService, CardKeysService, HolderCardService],
})
export class CardsModule {}
