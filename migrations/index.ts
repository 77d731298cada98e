import { RegisterCore1764057600000 } from './1764057600000-register-core.js';
import { PublicSearch1764061200000 } from './1764061200000-public-search.js';
import { AuditTrail1764064800000 } from './1764064800000-audit-trail.js';
import { SignIn1764068400000 } from './1764068400000-sign-in.js';
import { Cards1764072000000 } from './1764072000000-cards.js';
import { RuntimeRole1764075600000 } from './1764075600000-runtime-role.js';
import { CardKeyRetirements1764079200000 } from './1764079200000-card-key-retirements.js';
import { JobsAndNotifications1764086400000 } from './1764086400000-jobs-and-notifications.js';
import { Documents1764082800000 } from './1764082800000-documents.js';
import { Applications1764090000000 } from './1764090000000-applications.js';
import { Profile1764093600000 } from './1764093600000-profile.js';
import { Reports1764097200000 } from './1764097200000-reports.js';
import { ReportsCommittee1764100800003 } from './1764100800003-reports-committee.js';
import { ReportsRekey1764100800005 } from './1764100800005-reports-rekey.js';
import { ReportMailPrivacy1764100800006 } from './1764100800006-report-mail-privacy.js';

/** Every migration in order. Listed explicitly so the same list works compiled and under ts-jest. */
export const MIGRATIONS = [
  RegisterCore1764057600000,
  PublicSearch1764061200000,
  AuditTrail1764064800000,
  SignIn1764068400000,
  Cards1764072000000,
  JobsAndNotifications1764086400000,
  RuntimeRole1764075600000,
  CardKeyRetirements1764079200000,
  Documents1764082800000,
  Applications1764090000000,
  Profile1764093600000,
  Reports1764097200000,
  ReportsCommittee1764100800003,
  ReportsRekey1764100800005,
  ReportMailPrivacy1764100800006,
];
