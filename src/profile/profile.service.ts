import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../audit/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { UsersService } from '../auth/users.service.js';
import { InvalidInputError } from '../common/problem.js';
import {
  InterpretersService,
  type InterpreterProfile,
  type ProfileInput,
} from '../interpreters/interpreters.service.js';
import { NotInRegisterError } from './profile.errors.js';
import { asProfile, changedFields, type ProfileDraft, profileProblems } from './profile-rules.js';

/**
 * The signed-in interpreter's own profile. Who they are comes from their
 * user's identity number; a citizen who is not in the register has no
 * profile (404, "apply first").
 */
@Injectable()
export class ProfileService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly interpreters: InterpretersService,
    private readonly audit: AuditService,
  ) {}

  /** The interpreter id of the signed-in user, or undefined when they are not in the register. */
  async interpreterIdOf(userId: string): Promise<string | undefined> {
    const nationalId = await this.users.nationalIdOf(userId);
    if (!nationalId) return undefined;
    return this.interpreters.idByNationalId(this.dataSource.manager, nationalId);
  }

  /** The signed-in user's profile; NotInRegisterError (404) when they are not in the register. */
  async profileOf(userId: string): Promise<InterpreterProfile> {
    const nationalId = await this.users.nationalIdOf(userId);
    const profile = nationalId ? await this.interpreters.profileOf(nationalId) : undefined;
    if (!profile) throw new NotInRegisterError();
    return profile;
  }

  /**
   * Checks and saves the profile in one transaction with its audit event
   * (`profile.updated`, naming the fields that changed, never their values).
   * Bad input writes nothing. Nothing changed: nothing written, nothing audited.
   */
  async update(actor: Actor, draft: ProfileDraft): Promise<InterpreterProfile> {
    const problems = profileProblems(draft);
    if (problems.length > 0) throw new InvalidInputError(problems);
    const input: ProfileInput = {
      email: draft.email,
      emailPublic: draft.emailPublic,
      phone: draft.phone,
      phonePublic: draft.phonePublic,
      publicNote: draft.publicNote,
      ...asProfile(draft),
    };
    const interpreterId = await this.interpreterIdOf(actor.userId!);
    if (!interpreterId) throw new NotInRegisterError();
    await this.dataSource.transaction(async (em) => {
      const before = await this.interpreters.profileById(em, interpreterId, true);
      if (!before) throw new NotInRegisterError();
      const changed = changedFields(
        {
          email: before.email,
          emailPublic: before.emailPublic,
          phone: before.phone,
          phonePublic: before.phonePublic,
          availability: before.availability,
          modalities: before.modalities,
          workCounties: before.workCounties,
          publicNote: before.publicNote,
        },
        input,
      );
      if (changed.length === 0) return;
      await this.interpreters.updateProfile(em, interpreterId, input);
      await this.audit.record(em, actor, {
        action: 'profile.updated',
        subjectType: 'interpreter',
        subjectId: interpreterId,
        details: { fields: changed },
      });
    });
    return this.profileOf(actor.userId!);
  }
}
