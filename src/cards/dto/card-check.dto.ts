import { ApiProperty } from '@nestjs/swagger';
import { CATEGORIES, type Category } from '../../register/category.js';
import { CARD_STATUSES, type CardStatus } from '../card-status.js';
import type { TokenKind } from '../card-token.js';

export class CardHolderDto {
  @ApiProperty({ example: 10234 }) interpreterNumber: number;
  @ApiProperty({ example: 'Åse Marit' }) givenName: string;
  @ApiProperty({ example: 'Ødegård' }) familyName: string;
  @ApiProperty({ description: 'Whether /v/{token}/foto shows a photo' }) hasPhoto: boolean;
}

export class CheckedCardDto {
  @ApiProperty({ example: '10234-2', description: 'Interpreter number and card sequence' })
  cardNumber: string;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class ScannedCodeDto {
  @ApiProperty({
    enum: ['card', 'digital'],
    description: 'A printed card, or a short-lived code from the digital card',
  })
  kind: TokenKind;
  @ApiProperty({ format: 'date-time', description: 'When the scanned code stops working' })
  expiresAt: string;
}

export class CardLanguageStandingDto {
  @ApiProperty({ example: 'tir' }) code: string;
  @ApiProperty({ enum: CATEGORIES }) category: Category;
  @ApiProperty({
    enum: ['valid', 'suspended'],
    description: 'Whether the holder may work in this language right now',
  })
  standing: 'valid' | 'suspended';
  @ApiProperty({ example: 'Tigrinja' }) nameNb: string;
  @ApiProperty({ example: 'Tigrinya' }) nameEn: string;
  @ApiProperty({ example: 'ትግርኛ', nullable: true, type: String }) nativeName: string | null;
}

/** The answer to a card check; the check page shows the same. */
export class CardCheckDto {
  @ApiProperty({ enum: CARD_STATUSES }) status: CardStatus;
  @ApiProperty({ format: 'date-time' }) checkedAt: string;
  @ApiProperty({ type: CardHolderDto }) interpreter: CardHolderDto;
  @ApiProperty({ type: CheckedCardDto }) card: CheckedCardDto;
  @ApiProperty({ type: ScannedCodeDto }) code: ScannedCodeDto;
  @ApiProperty({
    type: [CardLanguageStandingDto],
    description: "The card's languages; empty unless the status is valid or suspended",
  })
  languages: CardLanguageStandingDto[];
}
