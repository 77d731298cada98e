import { Injectable } from '@nestjs/common';

/** The reports feature's SQL for intake (issue #11); see docs/architecture.md, "Where SQL lives". */
@Injectable()
export class IntakeRepository {}
