import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
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

export class StaffDto {
  @ApiProperty() id: string;
  @ApiProperty() subject: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: STAFF_ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ nullable: true }) lastLoginAt: string | null;
}
