import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { Interpreter } from '../interpreters/interpreter.entity.js';
import { Language } from '../languages/language.entity.js';
import { CATEGORIES, type Category } from './category.js';

export const ENTRY_STATUSES = ['active', 'suspended', 'excluded', 'inactive'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

/**
 * One person × one language in the register. The category is the best one
 * the person's evidence supports for that language, so there is one entry per
 * person and language. Only active entries are public.
 */
@Entity('register_entries')
@Unique('uq_register_entries_interpreter_language', ['interpreterId', 'languageCode'])
export class RegisterEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  interpreterId: string;

  @ManyToOne(() => Interpreter, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'interpreter_id' })
  interpreter: Relation<Interpreter>;

  @Column({ type: 'varchar', length: 20 })
  languageCode: string;

  @ManyToOne(() => Language)
  @JoinColumn({ name: 'language_code' })
  language: Relation<Language>;

  @Column({ type: 'enum', enum: CATEGORIES, enumName: 'category' })
  category: Category;

  @Column({ type: 'enum', enum: ENTRY_STATUSES, enumName: 'entry_status', default: 'active' })
  status: EntryStatus;

  @Column({ type: 'date' })
  registeredOn: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
