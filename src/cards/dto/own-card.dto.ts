import { ApiProperty } from '@nestjs/swagger';
import { CATEGORIES, type Category } from '../../register/category.js';
import { CARD_STATUSES, type CardStatus } from '../card-status.js';

export class OwnCardLanguageDto {
  @ApiProperty({ example: 'tir' }) code: string;
  @ApiProperty({ example: 'Tigrinja' }) nameNb: string;
  @ApiProperty({ example: 'Tigrinya' }) nameEn: string;
  @ApiProperty({ example: 'ትግርኛ', nullable: true, type: String }) nativeName: string | null;
  @ApiProperty({ enum: CATEGORIES }) category: Category;
}

/** The interpreter's own card: what is printed on it, without the photo bytes. */
export class OwnCardDto {
  @ApiProperty({ enum: CARD_STATUSES }) status: CardStatus;
  @ApiProperty({ example: '10234-2', description: 'Interpreter number and card sequence' })
  cardNumber: string;
  @ApiProperty({ example: 10234 }) interpreterNumber: number;
  @ApiProperty() givenName: string;
  @ApiProperty() familyName: string;
  @ApiProperty({ type: [OwnCardLanguageDto], description: 'Best category first' })
  languages: OwnCardLanguageDto[];
  @ApiProperty({ type: String, format: 'date-time' }) issuedAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt: Date;
  @ApiProperty() hasPhoto: boolean;
  @ApiProperty({
    example: 'https://tolkeregisteret.no/v/AQ…',
    description: 'The verification URL in the QR code on the printed card',
  })
  printedCardUrl: string;
}

export class DigitalCodeDto {
  @ApiProperty({ description: 'A card token (108 characters, base64url)' }) token: string;
  @ApiProperty({ description: 'The verification URL to show as a QR code' }) url: string;
  @ApiProperty({
    format: 'date-time',
    description: 'Minutes from now; ask again for a fresh code before then',
  })
  expiresAt: string;
}

export class OwnCardWithCodeDto extends OwnCardDto {
  @ApiProperty({ type: DigitalCodeDto }) code: DigitalCodeDto;
}
