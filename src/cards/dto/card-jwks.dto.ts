import { ApiProperty } from '@nestjs/swagger';

/** A card signing key's public half (RFC 8037 OKP, Ed25519). */
export class CardJwkDto {
  @ApiProperty({ enum: ['OKP'] }) kty: 'OKP';
  @ApiProperty({ enum: ['Ed25519'] }) crv: 'Ed25519';
  @ApiProperty({ description: 'The public key, base64url' }) x: string;
  @ApiProperty({
    example: 'Xq3tRw',
    description: "The key id carried in card tokens: the key's RFC 7638 thumbprint, first 4 bytes",
  })
  kid: string;
  @ApiProperty({ enum: ['sig'] }) use: 'sig';
  @ApiProperty({ enum: ['EdDSA'] }) alg: 'EdDSA';
}

export class CardJwksDto {
  @ApiProperty({
    type: [CardJwkDto],
    description: 'Every key that verifies card tokens now; a retired key is gone within 30 seconds',
  })
  keys: CardJwkDto[];
}
