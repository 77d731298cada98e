import { HttpStatus } from '@nestjs/common';
import { DomainError, type ProblemFieldError } from '../common/problem.js';
import type { ApplicationStatus } from './application-rules.js';

/** The same answer for an application that does not exist and one that is not the caller's. */
export class ApplicationNotFoundError extends DomainError {
  constructor() {
    super('APPLICATION_NOT_FOUND', 'There is no such application.', HttpStatus.NOT_FOUND);
  }
}

/** The case is not in a state where this step can be taken (e.g. already decided). */
export class CaseStateError extends DomainError {
  constructor(status: ApplicationStatus, step: string) {
    super(
      'CASE_STATE_CONFLICT',
      `The case is ${status.replace('_', ' ')}; it cannot be ${step} now.`,
      HttpStatus.CONFLICT,
    );
  }
}

export class OpenApplicationExistsError extends DomainError {
  constructor(readonly applicationId: string) {
    super(
      'OPEN_APPLICATION_EXISTS',
      'You already have an application in progress; continue that one.',
      HttpStatus.CONFLICT,
    );
  }
}

export class CaseAssignedToOtherError extends DomainError {
  constructor() {
    super(
      'CASE_ASSIGNED_TO_OTHER',
      'Another case handler works this case; only they may do this.',
      HttpStatus.CONFLICT,
    );
  }
}

export class OwnApplicationError extends DomainError {
  constructor() {
    super(
      'CONFLICT_OF_INTEREST',
      'A case handler may not handle their own application.',
      HttpStatus.FORBIDDEN,
    );
  }
}

export class NotSubmittableError extends DomainError {
  constructor(errors: ProblemFieldError[]) {
    super(
      'APPLICATION_INCOMPLETE',
      'The application is not complete yet.',
      HttpStatus.UNPROCESSABLE_ENTITY,
      errors,
    );
  }
}

export class InvalidDecisionError extends DomainError {
  constructor(errors: ProblemFieldError[]) {
    super(
      'INVALID_DECISION',
      'The decision does not fit the evidence.',
      HttpStatus.UNPROCESSABLE_ENTITY,
      errors,
    );
  }
}

export class AppealPeriodOverError extends DomainError {
  constructor() {
    super(
      'APPEAL_PERIOD_OVER',
      'The time to appeal this decision has run out.',
      HttpStatus.CONFLICT,
    );
  }
}

export class PersonLookupPendingError extends DomainError {
  constructor() {
    super(
      'POPULATION_REGISTER_UNAVAILABLE',
      'Your details could not be fetched from the National Population Register yet. Your draft is kept; try again in a little while.',
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
}

export class EntryUnderSanctionError extends DomainError {
  constructor(languageCode: string) {
    super(
      'ENTRY_UNDER_SANCTION',
      `The entry for ${languageCode} is suspended or excluded; an application cannot lift that.`,
      HttpStatus.CONFLICT,
    );
  }
}
