import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../roles.js';

export class MeDto {
  @ApiProperty() id: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['citizen', 'staff'] }) kind: 'citizen' | 'staff';
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ nullable: true, description: 'When the signed-in citizen is in the register' })
  interpreterNumber: number | null;
}
