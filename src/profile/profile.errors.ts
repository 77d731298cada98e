import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common/problem.js';

/** The signed-in citizen has no row in the register (yet): they may apply. */
export class NotInRegisterError extends DomainError {
  constructor() {
    super(
      'NOT_IN_REGISTER',
      'You are not in the register of interpreters yet. You can apply at /min-side/soknad.',
      HttpStatus.NOT_FOUND,
    );
  }
}

export class PhotoSubmissionNotFoundError extends DomainError {
  constructor() {
    super('PHOTO_SUBMISSION_NOT_FOUND', 'No such photo submission.', HttpStatus.NOT_FOUND);
  }
}

/** The submission was decided (or withdrawn) meanwhile. */
export class PhotoAlreadyDecidedError extends DomainError {
  constructor(status: string) {
    super(
      'PHOTO_ALREADY_DECIDED',
      `The photo submission is ${status}, no longer pending.`,
      HttpStatus.CONFLICT,
    );
  }
}

/** Nobody decides on their own photo. */
export class OwnPhotoError extends DomainError {
  constructor() {
    super('OWN_PHOTO', 'You cannot decide on your own photo.', HttpStatus.FORBIDDEN);
  }
}
