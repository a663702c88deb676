// Session page enhancements (the form works without this file): filter the roll-call by name or
// NIP, set every shown row to one status, live counts per status, and show only the fields that
// apply to a held or not-held apel. No inline script: the CSP forbids it.
(function () {
  'use strict';
  var form = document.getElementById('session-form');
  if (!form) return;
  var list = document.getElementById('rc-list');
  var rows = list ? Array.prototype.slice.call(list.children) : [];
  // The search key of each row: its label (name and NIP), read once.
  var keys = rows.map(function (row) { return row.querySelector('label').textContent.toLowerCase(); });
  var outputs = {};
  Array.prototype.forEach.call(document.querySelectorAll('output[data-count]'), function (o) {
    outputs[o.getAttribute('data-count')] = o;
  });

  function selectOf(row) { return row.querySelector('select'); }

  function recount() {
    var counts = {};
    Object.keys(outputs).forEach(function (k) { counts[k] = 0; });
    rows.forEach(function (row) {
      var code = selectOf(row).value.split(':')[0];
      counts[code] = (counts[code] || 0) + 1;
    });
    Object.keys(outputs).forEach(function (k) { outputs[k].textContent = String(counts[k]); });
  }

  var shown = document.getElementById('rc-shown');
  var shownLabel = list ? list.getAttribute('data-shown-label') : '';
  function filter(text) {
    var q = text.trim().toLowerCase();
    var n = 0;
    rows.forEach(function (row, i) {
      var match = !q || keys[i].indexOf(q) !== -1;
      row.hidden = !match;
      if (match) n++;
    });
    if (shown) shown.textContent = q ? shownLabel.replace('{n}', String(n)) : '';
  }

  var tools = document.querySelector('[data-rc-tools]');
  if (tools && !form.querySelector('fieldset[disabled]')) {
    tools.hidden = false;
    var input = document.getElementById('rc-filter');
    var timer = null;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { filter(input.value); }, 120);
    });
    // Enter in the search box must not submit the whole roll-call.
    input.addEventListener('keydown', function (e) { if (e.key === 'Enter') e.preventDefault(); });
    document.getElementById('rc-apply').addEventListener('click', function () {
      var value = document.getElementById('rc-setall').value;
      rows.forEach(function (row) { if (!row.hidden) selectOf(row).value = value; });
      recount();
    });
  }

  form.addEventListener('change', function (e) {
    var t = e.target;
    if (t.tagName === 'SELECT' && t.name && t.name.indexOf('status[') === 0) recount();
    if (t.name === 'held') toggleHeld();
    if (t.id === 'ikrar_version') showIkrar(t.value);
  });

  function toggleHeld() {
    var checked = form.querySelector('input[name="held"]:checked');
    var held = !checked || checked.value !== '0';
    Array.prototype.forEach.call(form.querySelectorAll('[data-when-held]'), function (el) {
      el.hidden = el.getAttribute('data-when-held') !== (held ? '1' : '0');
    });
  }

  function showIkrar(version) {
    Array.prototype.forEach.call(document.querySelectorAll('[data-ikrar-version]'), function (el) {
      el.hidden = el.getAttribute('data-ikrar-version') !== version;
    });
  }

  // Without a photo there is nothing to upload: send the roll-call urlencoded, which the server
  // parses several times faster than 6,000 multipart parts (and below its 20,000-field limit).
  form.addEventListener('submit', function () {
    var photo = form.querySelector('input[type="file"]');
    if ((!photo || !photo.files || photo.files.length === 0) && rows.length < 9000) {
      form.enctype = 'application/x-www-form-urlencoded';
    }
  });

  toggleHeld();
})();
