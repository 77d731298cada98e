import { Injectable } from '@nestjs/common';

/** The reports feature's SQL for committee (issue #11); see docs/architecture.md, "Where SQL lives". */
@Injectable()
export class CommitteeRepository {}
