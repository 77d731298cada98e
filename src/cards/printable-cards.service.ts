import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import type { AuthConfig } from '../config/configuration.js';
import type { CardLanguage, PrintableCard } from './card-pdf.js';
import { CardKeyStore } from './card-key-store.js';
import { LanguageNamesService } from './language-names.service.js';
import { cardNumber, type CardRow } from './card-rows.js';
import { signCardToken } from './card-token.js';

type Photo = NonNullable<PrintableCard['photo']>;

/**
 * Turns card rows into what is printed on a card, shared by the holder's own
 * card and the print run: the same names, photo and signed printed token.
 */
@Injectable()
export class PrintableCardsService {
  private readonly publicBaseUrl: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: CardKeyStore,
    private readonly languageNames: LanguageNamesService,
    config: ConfigService,
  ) {
    this.publicBaseUrl = config.getOrThrow<AuthConfig>('auth').publicBaseUrl;
  }

  /** The card check page for a token: what the QR code holds. */
  verificationUrl(token: string): string {
    return `${this.publicBaseUrl}/v/${token}`;
  }

  async of(rows: CardRow[]): Promise<PrintableCard[]> {
    const nameOf = await this.languageNames.lookup();
    const ring = await this.keys.ring();
    const photos = await this.photosOf(rows);
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

  /** The photos of the holders who have one, in one query for a whole print run. */
  private async photosOf(rows: CardRow[]): Promise<Map<string, Photo>> {
    const photos = new Map<string, Photo>();
    const withPhoto = rows.filter((r) => r.has_photo).map((r) => r.interpreter_id);
    if (withPhoto.length === 0) return photos;
    const found: Array<{ interpreter_id: string; media_type: Photo['mediaType']; data: Buffer }> =
      await this.dataSource.query(
        `SELECT interpreter_id, media_type, data FROM interpreter_photos
          WHERE interpreter_id = ANY($1::uuid[])`,
        [withPhoto],
      );
    for (const p of found) photos.set(p.interpreter_id, { mediaType: p.media_type, data: p.data });
    return photos;
  }
}
