import type { ImportReport } from './register-import.service.js';

/** The report as the CLI prints it (English, like the rest of the CLI). */
export function reportLines(report: ImportReport, dryRun: boolean): string[] {
  const head =
    report.status === 'imported'
      ? 'Imported'
      : report.status === 'checked'
        ? 'Checked (dry run, nothing written)'
        : 'REFUSED, nothing written';
  const lines = [
    `${head}: ${report.rows} rows read; ` +
      `${report.persons} new persons, ${report.existingPersons} persons already in the register, ` +
      `${report.entries} new entries, ${report.alreadyRegistered} rows already registered (skipped), ` +
      `${report.badRows} rows with errors.`,
  ];
  for (const e of report.errors) {
    lines.push(`  ${e.line === null ? 'file' : `line ${e.line}`}: ${e.code}: ${e.message}`);
  }
  if (report.moreErrors > 0) lines.push(`  … and ${report.moreErrors} more errors.`);
  if (report.status === 'refused' && !report.fileRefused) {
    lines.push(
      'Correct the rows, or run again with --skip-bad-rows to import the valid rows only.',
    );
  }
  if (dryRun && report.errors.length === 0)
    lines.push('No errors: run again without --dry-run to import.');
  return lines;
}

/** 0 when imported, or checked without errors; 1 when refused or the check found errors. */
export function exitCode(report: ImportReport): number {
  if (report.status === 'refused') return 1;
  if (report.status === 'checked' && (report.errors.length > 0 || report.fileRefused)) return 1;
  return 0;
}
