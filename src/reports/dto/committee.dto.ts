import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';

/** A committee member's declaration of (no) conflict of interest in a referred case. */
export class DeclarationDto {
  @ApiProperty({ description: 'Whether you have a conflict of interest in this case' })
  @IsBoolean()
  conflicted: boolean;

  @ApiProperty({
    required: false,
    nullable: true,
    description: 'Why, if you wish (stored encrypted, read by the case handler)',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(10_000)
  statement?: string | null;
}

/** A committee member's advice on a referral. */
export class AdviceDto {
  @ApiProperty({ description: 'Your advice, 1 to 10 000 characters' })
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  text: string;
}

/** The interpreter's reply in a case about them. */
export class InterpreterReplyDto {
  @ApiProperty({ description: 'Your side of the case, 1 to 10 000 characters' })
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  text: string;
}
