import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthConfig, CardConfig } from '../config/configuration.js';
import type { Category } from '../register/category.js';
import type { CardLanguage, PrintableCard } from './card-pdf.js';
import type { CardKeyRing, PublicCardJwk } from './card-keys.js';
import { CardKeyStore } from './card-key-store.js';
import { cardStatus, type CardStatus } from './card-status.js';
import { signCardToken, verifyCardToken, type TokenKind } from './card-token.js';
import { signStatusList, type StatusListPayload } from './status-list.js';

/** The largest card id PostgreSQL's bigint holds; a token may carry a larger one. */
const MAX_CARD_ID = 9_223_372_036_854_775_807n;

interface LanguageNames {
  nameNb: string;
  nameEn: string;
  nativeName: string | null;
}

interface CardRow {
  id: string;
  serial: number;
  languages: Array<{ code: string; category: Category }>;
  issued_at: Date;
  expires_at: Date;
  replaced_at: Date | null;
  revoked_at: Date | null;
  interpreter_id: string;
  interpreter_number: number;
  given_name: string;
  family_name: string;
  has_photo: boolean;
  entries: Array<{ code: string; category: Category; status: string }>;
}

const CARD_SELECT = `
  SELECT c.id::text AS id, c.serial, c.languages, c.issued_at, c.expires_at, c.replaced_at,
         c.revoked_at, c.interpreter_id, i.interpreter_number, i.given_name, i.family_name,
         EXISTS (SELECT 1 FROM interpreter_photos p WHERE p.interpreter_id = c.interpreter_id)
           AS has_photo,
         coalesce((SELECT json_agg(json_build_object('code', e.language_code,
                     'category', e.category, 'status', e.status))
                     FROM register_entries e WHERE e.interpreter_id = c.interpreter_id),
                  '[]'::json) AS entries
    FROM cards c JOIN interpreters i ON i.id = c.interpreter_id`;

/** What a card check shows; the same for the page and the JSON API. */
export interface CardCheck {
  status: CardStatus;
  checkedAt: string;
  interpreter: {
    interpreterNumber: number;
    givenName: string;
    familyName: string;
    hasPhoto: boolean;
  };
  card: { cardNumber: string; issuedAt: string; expiresAt: string };
  /** Whether the scanned code is a printed card or a short-lived code from the digital card. */
  code: { kind: TokenKind; expiresAt: string };
  /** The card's languages in force now; empty unless the status is valid or suspended. */
  languages: Array<
    { code: string; category: Category; standing: 'valid' | 'suspended' } & LanguageNames
  >;
}

export interface InterpreterCard {
  cardId: string;
  status: CardStatus;
  printable: PrintableCard;
}

export interface PrintRunFilter {
  interpreterNumber?: number;
  issuedSince?: Date;
}

@Injectable()
export class CardsService implements OnModuleInit {
  private languageNames: Map<string, LanguageNames> | undefined;
  private cachedStatusList: { at: number; ring: CardKeyRing; jws: string } | undefined;
  private readonly config: CardConfig;
  private readonly publicBaseUrl: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: CardKeyStore,
    private readonly audit: AuditService,
    config: ConfigService,
  ) {
    this.config = config.getOrThrow<CardConfig>('cards');
    this.publicBaseUrl = config.getOrThrow<AuthConfig>('auth').publicBaseUrl;
  }

  /** The card validity in the database follows configuration (for cards issued from now on). */
  async onModuleInit(): Promise<void> {
    await this.dataSource.query(
      `UPDATE card_policy SET validity = make_interval(years => $1)
        WHERE validity <> make_interval(years => $1)`,
      [this.config.validityYears],
    );
  }

  verificationUrl(token: string): string {
    return `${this.publicBaseUrl}/v/${token}`;
  }

  get codeMinutes(): number {
    return this.config.codeMinutes;
  }

  /** The public keys in force, for /.well-known/jwks.json. */
  async jwks(): Promise<{ keys: PublicCardJwk[] }> {
    return (await this.keys.ring()).jwks();
  }

  /**
   * Records a key's retirement for every node: each stops accepting and
   * publishing it within KEY_REFRESH_MS. False if it was retired already.
   */
  async retireKey(kid: string): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      const inserted: Array<{ kid: string }> = await em.query(
        `INSERT INTO card_key_retirements (kid) VALUES ($1) ON CONFLICT (kid) DO NOTHING
         RETURNING kid`,
        [kid],
      );
      if (inserted.length === 0) return false;
      await this.audit.record(em, {
        actorType: 'system',
        action: 'cards.key_retired',
        subjectType: 'card_key',
        subjectId: kid,
      });
      return true;
    });
  }

  /** Checks a scanned token. Undefined for anything that is not a genuine token of a known card. */
  async check(token: string, now = new Date()): Promise<CardCheck | undefined> {
    const claims = verifyCardToken(token, await this.keys.ring());
    if (!claims || BigInt(claims.cardId) > MAX_CARD_ID) return undefined;
    const [row]: CardRow[] = await this.dataSource.query(`${CARD_SELECT} WHERE c.id = $1`, [
      claims.cardId,
    ]);
    if (!row) return undefined;
    const { status, languages } = cardStatus(
      {
        languages: row.languages,
        expiresAt: row.expires_at,
        replacedAt: row.replaced_at,
        revokedAt: row.revoked_at,
        entries: row.entries,
      },
      now,
      claims.expiresAt,
    );
    const names = await this.names();
    return {
      status,
      checkedAt: now.toISOString(),
      interpreter: {
        interpreterNumber: row.interpreter_number,
        givenName: row.given_name,
        familyName: row.family_name,
        hasPhoto: row.has_photo,
      },
      card: {
        cardNumber: `${row.interpreter_number}-${row.serial}`,
        issuedAt: row.issued_at.toISOString(),
        expiresAt: row.expires_at.toISOString(),
      },
      code: { kind: claims.kind, expiresAt: claims.expiresAt.toISOString() },
      languages: languages.map((l) => ({ ...l, ...this.nameOf(names, l.code) })),
    };
  }

  /** The photo of a genuine card's holder, or undefined. */
  async photoForToken(token: string): Promise<{ mediaType: string; data: Buffer } | undefined> {
    const claims = verifyCardToken(token, await this.keys.ring());
    if (!claims || BigInt(claims.cardId) > MAX_CARD_ID) return undefined;
    const [row]: Array<{ media_type: string; data: Buffer }> = await this.dataSource.query(
      `SELECT p.media_type, p.data FROM cards c
         JOIN interpreter_photos p ON p.interpreter_id = c.interpreter_id WHERE c.id = $1`,
      [claims.cardId],
    );
    return row ? { mediaType: row.media_type, data: row.data } : undefined;
  }

  /**
   * The interpreter's current card. An expired card of a person still in the
   * register is renewed here, so the card page always has a card to show.
   */
  async currentCard(interpreterNumber: number): Promise<InterpreterCard | undefined> {
    const [person]: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM interpreters WHERE interpreter_number = $1`,
      [interpreterNumber],
    );
    if (!person) return undefined;
    await this.dataSource.query(`SELECT cards_sync_person($1)`, [person.id]);
    const [row]: CardRow[] = await this.dataSource.query(
      `${CARD_SELECT} WHERE c.interpreter_id = $1 AND c.replaced_at IS NULL AND c.revoked_at IS NULL`,
      [person.id],
    );
    if (!row) return undefined;
    const [printable] = await this.toPrintable([row]);
    const { status } = cardStatus(
      {
        languages: row.languages,
        expiresAt: row.expires_at,
        replacedAt: null,
        revokedAt: null,
        entries: row.entries,
      },
      new Date(),
      row.expires_at,
    );
    return { cardId: row.id, status, printable };
  }

  /**
   * The holder reports the card lost: a new card with the same content is
   * issued at once and the old one reads "replaced" from this moment.
   */
  async replaceLost(
    interpreterNumber: number,
    actor: { userId: string; clientIp: string },
  ): Promise<InterpreterCard | undefined> {
    const replaced = await this.dataSource.transaction(async (em) => {
      const [old]: Array<{ interpreter_id: string; card_number: string }> = await em.query(
        `SELECT c.interpreter_id, i.interpreter_number || '-' || c.serial AS card_number
           FROM cards c JOIN interpreters i ON i.id = c.interpreter_id
          WHERE i.interpreter_number = $1 AND c.replaced_at IS NULL AND c.revoked_at IS NULL`,
        [interpreterNumber],
      );
      if (!old) return false;
      await em.query(`SELECT cards_sync_person($1, true)`, [old.interpreter_id]);
      await this.audit.record(em, {
        actorType: 'interpreter',
        actorId: actor.userId,
        action: 'card.reported_lost',
        subjectType: 'card',
        subjectId: old.card_number,
        clientIp: actor.clientIp,
      });
      return true;
    });
    return replaced ? this.currentCard(interpreterNumber) : undefined;
  }

  /** A short-lived code for the digital card: it stops working after CARD_CODE_MINUTES. */
  async digitalCode(
    card: InterpreterCard,
    now = new Date(),
  ): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(
      Math.min(
        now.getTime() + this.config.codeMinutes * 60_000,
        card.printable.expiresAt.getTime(),
      ),
    );
    const token = signCardToken(
      { kind: 'digital', cardId: card.cardId, expiresAt },
      (await this.keys.ring()).signer,
    );
    return { token, expiresAt };
  }

  async photoOf(
    interpreterNumber: number,
  ): Promise<{ mediaType: string; data: Buffer } | undefined> {
    const [row]: Array<{ media_type: string; data: Buffer }> = await this.dataSource.query(
      `SELECT p.media_type, p.data FROM interpreter_photos p
         JOIN interpreters i ON i.id = p.interpreter_id WHERE i.interpreter_number = $1`,
      [interpreterNumber],
    );
    return row ? { mediaType: row.media_type, data: row.data } : undefined;
  }

  /**
   * The signed list of unexpired cards that are not valid now, for offline
   * verifiers. Built at most once a minute; valid for a day.
   */
  async statusList(now = new Date()): Promise<string> {
    const ring = await this.keys.ring();
    // A list signed before the keys changed may be signed by a key retired since.
    const cached = this.cachedStatusList;
    if (cached && cached.ring === ring && now.getTime() - cached.at < 60_000) return cached.jws;
    const rows: CardRow[] = await this.dataSource.query(
      `${CARD_SELECT}
        WHERE c.expires_at > now()
          AND (c.replaced_at IS NOT NULL OR c.revoked_at IS NOT NULL
               OR NOT EXISTS (SELECT 1 FROM register_entries e
                               WHERE e.interpreter_id = c.interpreter_id AND e.status = 'active'))
        ORDER BY c.id`,
    );
    const cards: StatusListPayload['cards'] = {};
    for (const row of rows) {
      const { status } = cardStatus(
        {
          languages: row.languages,
          expiresAt: row.expires_at,
          replacedAt: row.replaced_at,
          revokedAt: row.revoked_at,
          entries: row.entries,
        },
        now,
        row.expires_at,
      );
      if (status !== 'valid' && status !== 'expired') cards[row.id] = status;
    }
    const iat = Math.floor(now.getTime() / 1000);
    const jws = signStatusList({ iat, exp: iat + 86_400, cards }, ring.signer);
    this.cachedStatusList = { at: now.getTime(), ring, jws };
    return jws;
  }

  /** Current, unexpired cards of people in force, for a print run, oldest issue first. */
  async printRun(filter: PrintRunFilter): Promise<PrintableCard[]> {
    const rows: CardRow[] = await this.dataSource.query(
      `${CARD_SELECT}
        WHERE c.replaced_at IS NULL AND c.revoked_at IS NULL AND c.expires_at > now()
          -- No card goes to the printer for a person who is suspended in every language.
          AND EXISTS (SELECT 1 FROM register_entries e
                       WHERE e.interpreter_id = c.interpreter_id AND e.status = 'active')
          AND ($1::integer IS NULL OR i.interpreter_number = $1)
          AND ($2::timestamptz IS NULL OR c.issued_at >= $2)
        ORDER BY c.issued_at, c.id`,
      [filter.interpreterNumber ?? null, filter.issuedSince ?? null],
    );
    return this.toPrintable(rows);
  }

  private async toPrintable(rows: CardRow[]): Promise<PrintableCard[]> {
    const names = await this.names();
    const ring = await this.keys.ring();
    const photos = new Map<string, { mediaType: 'image/jpeg' | 'image/png'; data: Buffer }>();
    const withPhoto = rows.filter((r) => r.has_photo).map((r) => r.interpreter_id);
    if (withPhoto.length > 0) {
      const found: Array<{
        interpreter_id: string;
        media_type: 'image/jpeg' | 'image/png';
        data: Buffer;
      }> = await this.dataSource.query(
        `SELECT interpreter_id, media_type, data FROM interpreter_photos
            WHERE interpreter_id = ANY($1::uuid[])`,
        [withPhoto],
      );
      for (const p of found)
        photos.set(p.interpreter_id, { mediaType: p.media_type, data: p.data });
    }
    return rows.map((row) => ({
      cardNumber: `${row.interpreter_number}-${row.serial}`,
      interpreterNumber: row.interpreter_number,
      givenName: row.given_name,
      familyName: row.family_name,
      languages: row.languages.map((l): CardLanguage => ({
        code: l.code,
        category: l.category,
        ...this.nameOf(names, l.code),
      })),
      issuedAt: row.issued_at,
      expiresAt: row.expires_at,
      photo: photos.get(row.interpreter_id) ?? null,
      verificationUrl: this.verificationUrl(
        signCardToken({ kind: 'card', cardId: row.id, expiresAt: row.expires_at }, ring.signer),
      ),
    }));
  }

  private nameOf(names: Map<string, LanguageNames>, code: string): LanguageNames {
    return names.get(code) ?? { nameNb: code, nameEn: code, nativeName: null };
  }

  /** Language names: reference data, read once (it changes only by migration). */
  private async names(): Promise<Map<string, LanguageNames>> {
    if (!this.languageNames) {
      const rows: Array<{
        code: string;
        name_nb: string;
        name_en: string;
        native_name: string | null;
      }> = await this.dataSource.query(`SELECT code, name_nb, name_en, native_name FROM languages`);
      this.languageNames = new Map(
        rows.map((r) => [
          r.code,
          { nameNb: r.name_nb, nameEn: r.name_en, nativeName: r.native_name },
        ]),
      );
    }
    return this.languageNames;
  }
}
