import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const GENDERS = ['female', 'male'] as const;
export type Gender = (typeof GENDERS)[number];

export const AVAILABILITIES = ['full_time', 'part_time', 'occasional'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export const MODALITIES = ['on_site', 'video', 'phone'] as const;
export type Modality = (typeof MODALITIES)[number];

/** A person who interprets. Never returned from a controller: see the response DTOs. */
@Entity('interpreters')
export class Interpreter {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Public identifier (tolkenummer), assigned from a database sequence. */
  @Column({ type: 'integer', unique: true, insert: false, update: false })
  interpreterNumber: number;

  /** Fødselsnummer: stored for identification at sign-in, never published. */
  @Column({ type: 'char', length: 11, unique: true })
  nationalId: string;

  @Column({ type: 'varchar', length: 100 })
  givenName: string;

  @Column({ type: 'varchar', length: 100 })
  familyName: string;

  /** foldForSearch(given + family): what `q` is matched against. */
  @Column({ type: 'varchar', length: 500 })
  searchText: string;

  /** foldForSearch(family + given): a collation-independent sort key. */
  @Column({ type: 'varchar', length: 500 })
  sortKey: string;

  @Column({ type: 'enum', enum: GENDERS, enumName: 'gender', nullable: true })
  gender: Gender | null;

  @Column({ type: 'char', length: 2 })
  countyCode: string;

  @Column({ type: 'varchar', length: 100 })
  municipality: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'boolean', default: false })
  emailPublic: boolean;

  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  @Column({ type: 'boolean', default: false })
  phonePublic: boolean;

  @Column({ type: 'enum', enum: AVAILABILITIES, enumName: 'availability' })
  availability: Availability;

  @Column({ type: 'enum', enum: MODALITIES, enumName: 'modality', array: true })
  modalities: Modality[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
