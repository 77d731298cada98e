import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common/problem.js';

// The committee's and the interpreter's errors (issue #11, part 3).

/** The same answer for a referral that does not exist, is closed, or is not visible to the member. */
export class ReferralNotFoundError extends DomainError {
  constructor() {
    super('REFERRAL_NOT_FOUND', 'There is no such referral.', HttpStatus.NOT_FOUND);
  }
}

/** A committee member must declare whether they have a conflict of interest before seeing the case. */
export class DeclarationRequiredError extends DomainError {
  constructor() {
    super(
      'DECLARATION_REQUIRED',
      'Declare whether you have a conflict of interest in this case before reading it.',
      HttpStatus.CONFLICT,
    );
  }
}

/** A member who declared a conflict of interest never sees the case. */
export class ConflictedError extends DomainError {
  constructor() {
    super(
      'CONFLICTED',
      'You declared a conflict of interest in this case, so you cannot see it; a deputy takes your place.',
      HttpStatus.FORBIDDEN,
    );
  }
}

/** A declaration stands: it cannot be made twice or changed. */
export class AlreadyDeclaredError extends DomainError {
  constructor() {
    super(
      'ALREADY_DECLARED',
      'You have already declared whether you have a conflict of interest in this case.',
      HttpStatus.CONFLICT,
    );
  }
}

/** One piece of advice per member per referral. */
export class AdviceExistsError extends DomainError {
  constructor() {
    super(
      'ADVICE_EXISTS',
      'You have already given your advice on this referral.',
      HttpStatus.CONFLICT,
    );
  }
}

/** The same answer for a case that does not exist and one that is not the interpreter's (or not yet told). */
export class InterpreterCaseNotFoundError extends DomainError {
  constructor() {
    super('CASE_NOT_FOUND', 'There is no such case.', HttpStatus.NOT_FOUND);
  }
}

/** The interpreter gives their side before the decision, not after. */
export class CaseDecidedError extends DomainError {
  constructor() {
    super(
      'CASE_DECIDED',
      'The case has been decided, so it no longer takes a reply. Read the decision and how to appeal it.',
      HttpStatus.CONFLICT,
    );
  }
}
