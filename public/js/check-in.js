// The employee's check-in confirmation (the form works without this file: it is then sent
// without a location). Where the apel or event has a geofence (data-geofence), the phone's
// location is asked for as the page opens, so it is usually ready by the tap; the tap waits a
// few seconds more for it at most, then sends what it has: the server keeps a check-in without
// a location for the operator's review. No inline script: the CSP forbids it.
(function () {
  'use strict';
  var form = document.querySelector('form.check-in-form');
  if (!form) return;
  var button = form.querySelector('button[type="submit"]');
  var sent = false;
  form.addEventListener('submit', function (e) {
    // One tap, one check-in: a second tap while the first is on its way does nothing.
    if (sent) return e.preventDefault();
    sent = true;
    if (button) button.setAttribute('aria-busy', 'true');
  });
  if (form.getAttribute('data-geofence') !== '1' || !navigator.geolocation) return;

  var fix = null;
  var status = form.querySelector('.check-in-status');
  function fill(pos) {
    fix = pos;
    form.elements.lat.value = String(pos.coords.latitude);
    form.elements.lng.value = String(pos.coords.longitude);
    form.elements.accuracy.value = String(Math.round(pos.coords.accuracy));
  }
  var opts = { enableHighAccuracy: true, timeout: 8000, maximumAge: 30000 };
  navigator.geolocation.getCurrentPosition(fill, function () {}, opts);

  form.addEventListener(
    'submit',
    function (e) {
      if (fix || form.getAttribute('data-asked') === '1') return;
      e.preventDefault();
      e.stopImmediatePropagation();
      form.setAttribute('data-asked', '1');
      if (status) status.textContent = status.getAttribute('data-locating') || '';
      var done = false;
      function send() {
        if (done) return;
        done = true;
        form.submit();
      }
      navigator.geolocation.getCurrentPosition(function (pos) { fill(pos); send(); }, send, opts);
      setTimeout(send, 9000);
    },
    true,
  );
})();
