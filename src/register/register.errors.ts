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
