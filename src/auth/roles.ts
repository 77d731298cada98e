import { SetMetadata } from '@nestjs/common';

export const ROLES = ['interpreter', 'case_handler', 'committee_member', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

export const REQUIRED_ROLES = 'tolkeregister:roles';

/** The signed-in user needs at least one of these roles. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ROLES, roles);

/** What the access guard knows about whoever made the request. */
export interface AuthenticatedUser {
  id: string;
  roles: Role[];
}
