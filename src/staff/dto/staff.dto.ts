import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  ValidateIf,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { ROLES, type Role } from '../../auth/roles.js';

/** Staff roles an administrator can give (the interpreter role comes from ID-porten). */
export const STAFF_ROLES = ROLES.filter((r) => r !== 'interpreter');

export class StaffRolesDto {
  @ApiProperty({ enum: STAFF_ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(0)
  @ArrayMaxSize(STAFF_ROLES.length)
  @ArrayUnique()
  @IsIn(STAFF_ROLES, { each: true, message: `roles must be among ${STAFF_ROLES.join(', ')}` })
  roles: Role[];
}

export class CreateStaffDto extends StaffRolesDto {
  @ApiProperty({ description: 'The subject (sub) the staff identity provider gives this person' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/^[\x21-\x7e]+$/, { message: 'subject must be printable ASCII without spaces' })
  subject: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName: string;
}

/** A staff member's own identity number, so they are kept out of cases about themselves. */
export class StaffIdentityDto {
  @ApiProperty({
    nullable: true,
    description:
      "The staff member's own national identity number (11 digits), or null to clear it. Stored only to keep them out of their own cases; never shown again.",
  })
  @IsOptional()
  @Matches(/^[0-9]{11}$/, { message: 'nationalId must be 11 digits' })
  nationalId: string | null = null;
}

/** A staff member's committee seat and work e-mail (issue #11); a field left out stays as it is. */
export class StaffDetailsDto {
  @ApiProperty({
    required: false,
    nullable: true,
    enum: ['member', 'deputy'],
    description:
      'Their seat on the advisory committee (needs the committee_member role; at most four of each), or null to take it away.',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsIn(['member', 'deputy'], { message: 'committeeSeat must be member, deputy or null' })
  committeeSeat?: 'member' | 'deputy' | null;

  @ApiProperty({
    required: false,
    nullable: true,
    description: 'Their work e-mail, where deadline reminders go, or null to remove it.',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email?: string | null;
}

export class StaffDto {
  @ApiProperty() id: string;
  @ApiProperty() subject: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: STAFF_ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ nullable: true }) lastLoginAt: string | null;
  @ApiProperty({ description: 'Whether their own identity number is recorded (it is never shown)' })
  ownIdentityRecorded: boolean;
  @ApiProperty({ nullable: true, enum: ['member', 'deputy'] })
  committeeSeat: 'member' | 'deputy' | null;
  @ApiProperty({ nullable: true }) email: string | null;
}
