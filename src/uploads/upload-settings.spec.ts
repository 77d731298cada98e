import { readSettings } from '../config/configuration.js';

describe('the upload settings', () => {
  it('keep documents in the database by default, at most 10 MiB and 40 megapixels', () => {
    expect(readSettings({}).uploads).toEqual({
      storage: 'database',
      dir: undefined,
      maxBytes: 10 * 1024 * 1024,
      maxPixels: 40_000_000,
    });
  });

  it('put files in $DATA_DIR/uploads, or UPLOAD_DIR, when asked to', () => {
    expect(readSettings({ UPLOAD_STORAGE: 'folder', DATA_DIR: '/var/lib/tolk/' }).uploads.dir).toBe(
      '/var/lib/tolk/uploads',
    );
    expect(
      readSettings({ UPLOAD_STORAGE: 'folder', UPLOAD_DIR: '/srv/uploads', DATA_DIR: 'memory://' })
        .uploads.dir,
    ).toBe('/srv/uploads');
  });

  it('refuse a folder that would not outlive the process, and limits out of range', () => {
    expect(() => readSettings({ UPLOAD_STORAGE: 'folder', DATA_DIR: 'memory://' })).toThrow(
      /UPLOAD_STORAGE=folder needs UPLOAD_DIR/,
    );
    expect(() => readSettings({ UPLOAD_STORAGE: 's3' })).toThrow(/UPLOAD_STORAGE/);
    expect(() => readSettings({ UPLOAD_MAX_BYTES: '1000000000' })).toThrow(/UPLOAD_MAX_BYTES/);
    expect(() => readSettings({ UPLOAD_MAX_PIXELS: '999999999' })).toThrow(/UPLOAD_MAX_PIXELS/);
  });
});
