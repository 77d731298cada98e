import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { InterpretersModule } from '../interpreters/interpreters.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { UploadsModule } from '../uploads/uploads.module.js';
import { WebModule } from '../web/web.module.js';
import { PhotoSubmissionsRepository } from './photo-submissions.repository.js';
import { PhotoSubmissionsService } from './photo-submissions.service.js';
import { MyProfileController, PhotoSubmissionsController } from './profile.controller.js';
import { PhotoReviewPagesController, ProfilePagesController } from './profile-pages.controller.js';
import { ProfileService } from './profile.service.js';

/** An interpreter's own profile and their card photo's replacement, approved by a case handler (#10). */
@Module({
  imports: [AuthModule, InterpretersModule, UploadsModule, NotificationsModule, WebModule],
  controllers: [
    MyProfileController,
    PhotoSubmissionsController,
    ProfilePagesController,
    PhotoReviewPagesController,
  ],
  providers: [PhotoSubmissionsRepository, PhotoSubmissionsService, ProfileService],
  exports: [ProfileService, PhotoSubmissionsService],
})
export class ProfileModule {}
