import { HttpStatus } from '@nestjs/common';
import { DomainError, type ProblemFieldError } from '../common/problem.js';

/**
 * A receipt code that opens nothing: never used, mistyped, or no longer
 * valid. The same answer (and the same work) whether or not a report has it.
 */
export class ReceiptCodeUnknownError extends DomainError {
  constructor() {
    super(
      'RECEIPT_CODE_UNKNOWN',
      'No report has this receipt code. Check the digits and try again.',
      HttpStatus.NOT_FOUND,
    );
  }
}

/** Too many wrong receipt codes (or reports) from this client, or from everyone: wait. */
export class TooManyAttemptsError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      'TOO_MANY_ATTEMPTS',
      `Too many attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** A report (or a reporter's message) that breaks the rules, field by field. */
export class InvalidReportError extends DomainError {
  constructor(errors: ProblemFieldError[]) {
    super('INVALID_REPORT', 'The report has invalid input.', HttpStatus.BAD_REQUEST, errors);
  }
}

/** The reporter's session cookie is missing, unknown or expired: type the code again. */
export class ReporterSessionEndedError extends DomainError {
  constructor() {
    super(
      'REPORTER_SESSION_ENDED',
      'Your session has ended. Type your receipt code again.',
      HttpStatus.UNAUTHORIZED,
    );
  }
}

/** An attachment that is not one of the reporter's own on this report. */
export class ReportAttachmentNotFoundError extends DomainError {
  constructor() {
    super('ATTACHMENT_NOT_FOUND', 'There is no such attachment.', HttpStatus.NOT_FOUND);
  }
}
