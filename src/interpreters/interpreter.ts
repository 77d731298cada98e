/**
 * The values of the interpreters table's enum columns (the database types
 * gender, availability and modality), for validation, DTOs and forms.
 */
export const GENDERS = ['female', 'male'] as const;
export type Gender = (typeof GENDERS)[number];

export const AVAILABILITIES = ['full_time', 'part_time', 'occasional'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export const MODALITIES = ['on_site', 'video', 'phone'] as const;
export type Modality = (typeof MODALITIES)[number];
