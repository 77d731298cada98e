/* global document, window, location */
// Progressive enhancement for the digital interpreter card: fetch a fresh
// QR code before the shown one expires. Without JavaScript the page works
// the same; the "Show a new code" link reloads it.
(function () {
  var figure = document.querySelector('[data-code-url]');
  if (!figure || !window.fetch) return;
  var seconds = Number(figure.getAttribute('data-refresh-seconds')) || 60;
  function refresh() {
    fetch(figure.getAttribute('data-code-url') + location.search, {
      credentials: 'same-origin',
      cache: 'no-store',
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        var note = response.headers.get('x-code-note');
        return response.text().then(function (svg) {
          var old = figure.querySelector('svg');
          var holder = document.createElement('div');
          holder.innerHTML = svg;
          if (old && holder.firstElementChild) old.replaceWith(holder.firstElementChild);
          if (note) document.getElementById('code-note').textContent = decodeURIComponent(note);
        });
      })
      .catch(function () {
        /* Keep the current code; the next attempt may work. */
      })
      .then(function () {
        setTimeout(refresh, seconds * 1000);
      });
  }
  setTimeout(refresh, seconds * 1000);
})();
