import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Interpreter } from '../interpreters/interpreter.entity.js';
import { EVIDENCE_KINDS, type EvidenceKind } from './category.js';

/**
 * A documented qualification. Language-specific evidence names its language;
 * language-independent evidence (the TAO course) has none.
 */
@Entity('qualification_evidence')
export class QualificationEvidence {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  interpreterId: string;

  @ManyToOne(() => Interpreter, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'interpreter_id' })
  interpreter: Relation<Interpreter>;

  @Column({ type: 'varchar', length: 20, nullable: true })
  languageCode: string | null;

  @Column({ type: 'enum', enum: EVIDENCE_KINDS, enumName: 'evidence_kind' })
  kind: EvidenceKind;

  @Column({ type: 'date' })
  obtainedOn: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  issuer: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
