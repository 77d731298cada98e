import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common/problem.js';
import type { ReportStatus } from './report-types.js';

// The case handler's refusals on reports (issue #11). Messages name no
// content, no reporter and no interpreter: only what the caller did wrong.

/** No such report, or (for the download routes) no such file on it. */
export class ReportNotFoundError extends DomainError {
  constructor() {
    super('REPORT_NOT_FOUND', 'There is no such report.', HttpStatus.NOT_FOUND);
  }
}

/** Only the handler the case is assigned to may read it or act on it. */
export class NotAssignedError extends DomainError {
  constructor() {
    super(
      'NOT_ASSIGNED',
      'Only the case handler assigned to this case may read it or act on it.',
      HttpStatus.FORBIDDEN,
    );
  }
}

export class AlreadyAssignedError extends DomainError {
  constructor() {
    super(
      'CASE_ALREADY_ASSIGNED',
      'Another case handler has taken this case.',
      HttpStatus.CONFLICT,
    );
  }
}

/** The handler declared a conflict of interest (now or before): recorded, and they may not take it. */
export class ConflictOfInterestError extends DomainError {
  constructor() {
    super(
      'CONFLICT_OF_INTEREST',
      'You declared a conflict of interest in this case; it is recorded, and another case handler must take it.',
      HttpStatus.CONFLICT,
    );
  }
}

/** The report is about the handler themselves. */
export class OwnCaseError extends DomainError {
  constructor() {
    super(
      'OWN_CASE',
      'This report concerns you; another case handler must take it.',
      HttpStatus.FORBIDDEN,
    );
  }
}

/** Reports need the handler's own identity number, else "not about yourself" cannot be checked. */
export class IdentityNotRecordedError extends DomainError {
  constructor() {
    super(
      'IDENTITY_NOT_RECORDED',
      'Your own identity number is not recorded, so the register cannot make sure a report is not ' +
        'about you. Ask an administrator to record it before you take reports.',
      HttpStatus.CONFLICT,
    );
  }
}

/** The case has sanctioned the interpreter it names: it cannot be moved to someone else. */
export class InterpreterSanctionedError extends DomainError {
  constructor() {
    super(
      'INTERPRETER_SANCTIONED',
      'A temporary exclusion or a decision in this case already concerns this interpreter; ' +
        'it cannot be moved to another.',
      HttpStatus.CONFLICT,
      [{ field: 'interpreterNumber', message: 'the case has sanctioned the interpreter it names' }],
    );
  }
}

/** The "redacted" account is the reporter's own, unchanged, and the handler has not said it may be. */
export class RedactionUnchangedError extends DomainError {
  constructor() {
    super(
      'REDACTION_UNCHANGED',
      'The redacted version is the account exactly as the reporter wrote it. Remove what could ' +
        'identify the reporter, or confirm that nothing in it does.',
      HttpStatus.BAD_REQUEST,
      [{ field: 'text', message: 'the same as the original account' }],
    );
  }
}

export class CaseClosedError extends DomainError {
  constructor() {
    super('CASE_CLOSED', 'The case is closed; reopen it first.', HttpStatus.CONFLICT);
  }
}

/** The step does not fit the case's status (acknowledging twice, closing an undecided case, …). */
export class ReportStateError extends DomainError {
  constructor(status: ReportStatus, step: string) {
    super(
      'CASE_STATE_CONFLICT',
      `The case is ${status.replace('_', ' ')}; it cannot be ${step} now.`,
      HttpStatus.CONFLICT,
    );
  }
}

export class InterpreterNotIdentifiedError extends DomainError {
  constructor() {
    super(
      'INTERPRETER_NOT_IDENTIFIED',
      'Identify the interpreter the report is about first.',
      HttpStatus.CONFLICT,
    );
  }
}

export class NotRedactedError extends DomainError {
  constructor() {
    super(
      'NOT_REDACTED',
      'Prepare the redacted account first: the committee and the interpreter see only that.',
      HttpStatus.CONFLICT,
    );
  }
}

export class InterpreterNotNotifiedError extends DomainError {
  constructor() {
    super(
      'INTERPRETER_NOT_NOTIFIED',
      'The interpreter has not been told about the case yet.',
      HttpStatus.CONFLICT,
    );
  }
}

export class InterpreterAlreadyNotifiedError extends DomainError {
  constructor() {
    super(
      'INTERPRETER_ALREADY_NOTIFIED',
      'The interpreter has already been told; the interpreter cannot be changed now.',
      HttpStatus.CONFLICT,
    );
  }
}

/** A sanction before the interpreter has given their side (or their time to do so has run out). */
export class InterpreterNotHeardError extends DomainError {
  constructor() {
    super(
      'INTERPRETER_NOT_HEARD',
      'The interpreter must be told and heard before a sanction: wait for their reply or for their reply date to pass.',
      HttpStatus.CONFLICT,
    );
  }
}

export class ReferralOpenError extends DomainError {
  constructor() {
    super(
      'REFERRAL_OPEN',
      'The case is already with the committee; one referral at a time.',
      HttpStatus.CONFLICT,
    );
  }
}

/** An exclusion review has no reporter to write to. */
export class NoReporterChannelError extends DomainError {
  constructor() {
    super('NO_REPORTER', 'An exclusion review has no reporter to write to.', HttpStatus.CONFLICT);
  }
}

export class UnknownInterpreterError extends DomainError {
  constructor() {
    super(
      'INVALID_INPUT',
      'No interpreter in the register has this number.',
      HttpStatus.BAD_REQUEST,
      [{ field: 'interpreterNumber', message: 'no interpreter has this number' }],
    );
  }
}
