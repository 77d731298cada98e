import { Injectable } from '@nestjs/common';
import type { PrintableCard } from './card-pdf.js';
import { CardKeysService } from './card-keys.service.js';
import { PrintRunService, type PrintRunFilter } from './print-run.service.js';

/**
 * The operator's card commands under the names src/cli.ts calls. The work is
 * done by the use-case services; the routes use those directly.
 */
@Injectable()
export class CardsService {
  constructor(
    private readonly printRuns: PrintRunService,
    private readonly cardKeys: CardKeysService,
  ) {}

  printRun(filter: PrintRunFilter): Promise<PrintableCard[]> {
    return this.printRuns.printRun(filter);
  }

  retireKey(kid: string): Promise<boolean> {
    return this.cardKeys.retireKey(kid);
  }
}
