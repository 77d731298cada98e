import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common/problem.js';

export class UnknownLanguageError extends DomainError {
  constructor(code: string) {
    super(
      'UNKNOWN_LANGUAGE',
      `There is no language with code "${code}". See /api/languages.`,
      HttpStatus.BAD_REQUEST,
      [{ field: 'language', message: 'unknown language code' }],
    );
  }
}

export class ConflictingCategoryFilterError extends DomainError {
  constructor() {
    super(
      'CONFLICTING_FILTERS',
      'Use either category or minCategory, not both.',
      HttpStatus.BAD_REQUEST,
      [{ field: 'minCategory', message: 'cannot be combined with category' }],
    );
  }
}

export class UnsearchableQueryError extends DomainError {
  constructor() {
    super('INVALID_QUERY', 'q must contain at least one letter or digit.', HttpStatus.BAD_REQUEST, [
      { field: 'q', message: 'must contain at least one letter or digit' },
    ]);
  }
}

export class InterpreterNotFoundError extends DomainError {
  constructor() {
    super(
      'INTERPRETER_NOT_FOUND',
      'No interpreter in the register has this number.',
      HttpStatus.NOT_FOUND,
    );
  }
}

/** A sanction needs something to act on: the interpreter holds no entry in force. */
export class NoEntriesInForceError extends DomainError {
  constructor() {
    super(
      'NO_ENTRIES_IN_FORCE',
      'The interpreter holds no entry in force in the register, so there is nothing to exclude.',
      HttpStatus.CONFLICT,
    );
  }
}

/** Revocation needs a state authorisation for that language. */
export class NoAuthorisationError extends DomainError {
  constructor() {
    super(
      'NO_STATE_AUTHORISATION',
      'The interpreter holds no state authorisation for this language to revoke.',
      HttpStatus.CONFLICT,
      [{ field: 'languageCode', message: 'no state authorisation for this language' }],
    );
  }
}
