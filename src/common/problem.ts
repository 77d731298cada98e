import { HttpException, HttpStatus } from '@nestjs/common';

/** One field-level complaint in a 400 problem. */
export interface ProblemFieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details as this service writes them. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code?: string;
  correlationId?: string;
  errors?: ProblemFieldError[];
}

/**
 * A domain error: a stable machine-readable code (e.g. UNKNOWN_LANGUAGE) and
 * the HTTP status it maps to. The message is safe to show to the caller.
 */
export class DomainError extends HttpException {
  constructor(
    readonly code: string,
    message: string,
    status: HttpStatus = HttpStatus.BAD_REQUEST,
    readonly errors?: ProblemFieldError[],
  ) {
    super(message, status);
  }
}

/** Bad input described field by field (400). */
export class InvalidInputError extends DomainError {
  constructor(errors: ProblemFieldError[], message = 'The request has invalid input.') {
    super('INVALID_INPUT', message, HttpStatus.BAD_REQUEST, errors);
  }
}
