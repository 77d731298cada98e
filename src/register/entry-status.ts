/** Where a register entry stands (the database type entry_status). Only active entries are public. */
export const ENTRY_STATUSES = ['active', 'suspended', 'excluded', 'inactive'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];
