import { loggableUrl } from './loggable-url.js';

describe('loggableUrl', () => {
  it('never keeps what a person typed into the search box', () => {
    expect(loggableUrl('/api/interpreters?q=Kari%20%C3%98deg%C3%A5rd&language=tir')).toBe(
      '/api/interpreters?q=%5Bredacted%5D&language=tir',
    );
  });

  it('masks a national identity number wherever it appears', () => {
    const logged = loggableUrl('/tolk/01010012356?county=01010012356&x01010012356=1');
    expect(logged).not.toMatch(/\d{11}/);
  });

  it('keeps ordinary paths and filters readable', () => {
    expect(loggableUrl('/api/interpreters/10234')).toBe('/api/interpreters/10234');
    expect(loggableUrl('/?language=ara&county=03&page=2')).toBe('/?language=ara&county=03&page=2');
  });

  it('survives malformed encoding', () => {
    expect(() => loggableUrl('/api/interpreters?q=%E0%A4%A&county=%')).not.toThrow();
  });
});
