import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { COUNTY_CODES } from '../../geography/counties.js';
import {
  AVAILABILITIES,
  MODALITIES,
  type Availability,
  type Modality,
} from '../../interpreters/interpreter.js';
import { PHONE, PUBLIC_NOTE_MAX, REFUSAL_REASON_MAX } from '../profile-rules.js';

/**
 * What an interpreter keeps themselves. Everything else (name, residence,
 * number, status, entries) comes from the population register or a
 * decision, and a field this DTO does not name is refused (400).
 */
export class ProfileInputDto {
  @ApiPropertyOptional({ nullable: true, example: 'kari@tolk.example' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email: string | null = null;

  @ApiProperty({ description: 'Show the e-mail address on the public profile' })
  @IsBoolean()
  emailPublic: boolean;

  @ApiPropertyOptional({ nullable: true, example: '+47 912 34 567' })
  @IsOptional()
  @Matches(PHONE)
  phone: string | null = null;

  @ApiProperty({ description: 'Show the phone number on the public profile' })
  @IsBoolean()
  phonePublic: boolean;

  @ApiProperty({ enum: AVAILABILITIES })
  @IsIn(AVAILABILITIES)
  availability: Availability;

  @ApiProperty({ enum: MODALITIES, isArray: true })
  @IsArray()
  @ArrayMaxSize(MODALITIES.length)
  @ArrayUnique()
  @IsIn(MODALITIES, { each: true })
  modalities: Modality[];

  @ApiProperty({
    type: [String],
    example: ['03', '32'],
    description: 'County codes (the 15 counties from 2024), each once',
  })
  @IsArray()
  @ArrayMaxSize(COUNTY_CODES.length)
  @ArrayUnique()
  @IsIn(COUNTY_CODES, { each: true })
  workCounties: string[];

  @ApiPropertyOptional({
    nullable: true,
    maxLength: PUBLIC_NOTE_MAX,
    description: 'Shown on the public profile: one paragraph, no line breaks or web addresses',
  })
  @IsOptional()
  @IsString()
  @MaxLength(PUBLIC_NOTE_MAX)
  publicNote: string | null = null;
}

/** A case handler's refusal of a photo: the interpreter reads the reason. */
export class PhotoRefusalDto {
  @ApiProperty({ maxLength: REFUSAL_REASON_MAX })
  @IsString()
  @Length(1, REFUSAL_REASON_MAX)
  reason: string;
}
