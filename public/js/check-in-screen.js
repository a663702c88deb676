// The check-in screen without reloads (the page works without this file: a meta refresh inside
// <noscript> reloads it at each new slot). At the start of each 30-second slot, by the server's
// clock, it asks /now for the next QR and swaps it in; if that fails it reloads the page.
(function () {
  'use strict';
  var root = document.getElementById('qr-screen');
  if (!root || !window.fetch) return;
  var url = root.getAttribute('data-now-url');
  var box = root.querySelector('.qr-box');
  var link = root.querySelector('.qr-link a');
  var count = root.querySelector('.qr-count');

  function schedule(ms) {
    // Just past the slot's start, so the server signs the new slot.
    setTimeout(refresh, Math.max(250, Number(ms) + 250));
  }
  function refresh() {
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        return res.json();
      })
      .then(function (frame) {
        // The SVG is the server's own QR drawing.
        box.innerHTML = frame.svg;
        link.textContent = frame.link;
        link.setAttribute('href', frame.link);
        count.textContent = frame.countText;
        schedule(frame.refreshInMs);
      })
      .catch(function () {
        setTimeout(function () { window.location.reload(); }, 2000);
      });
  }
  schedule(root.getAttribute('data-refresh-ms'));
})();
