import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AuthConfig } from '../config/configuration.js';
import { InterpretersService } from '../interpreters/interpreters.service.js';
import { LanguagesService } from '../languages/languages.service.js';
import type { CardLanguage, PrintableCard } from './card-pdf.js';
import { CardKeyStore } from './card-key-store.js';
import { cardNumber, type CardRow } from './card-rows.js';
import { signCardToken } from './card-token.js';

/**
 * Turns card rows into what is printed on a card, shared by the holder's own
 * card and the print run: the same names, photo and signed printed token.
 */
@Injectable()
export class PrintableCardsService {
  private readonly publicBaseUrl: string;

  constructor(
    private readonly keys: CardKeyStore,
    private readonly interpreters: InterpretersService,
    private readonly languages: LanguagesService,
    config: ConfigService,
  ) {
    this.publicBaseUrl = config.getOrThrow<AuthConfig>('auth').publicBaseUrl;
  }

  /** The card check page for a token: what the QR code holds. */
  verificationUrl(token: string): string {
    return `${this.publicBaseUrl}/v/${token}`;
  }

  async of(rows: CardRow[]): Promise<PrintableCard[]> {
    const nameOf = await this.languages.names();
    const ring = await this.keys.ring();
    const photos = await this.interpreters.photos(
      rows.filter((r) => r.has_photo).map((r) => r.interpreter_id),
    );
    return rows.map((row) => ({
      cardNumber: cardNumber(row),
      interpreterNumber: row.interpreter_number,
      givenName: row.given_name,
      familyName: row.family_name,
      languages: row.languages.map((l): CardLanguage => ({
        code: l.code,
        category: l.category,
        ...nameOf(l.code),
      })),
      issuedAt: row.issued_at,
      expiresAt: row.expires_at,
      photo: photos.get(row.interpreter_id) ?? null,
      verificationUrl: this.verificationUrl(
        signCardToken({ kind: 'card', cardId: row.id, expiresAt: row.expires_at }, ring.signer),
      ),
    }));
  }
}
