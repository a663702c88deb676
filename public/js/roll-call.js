// The session page on a phone (the form works without this file: its search and page buttons
// then go through the server, which keeps each page's choices in the draft).
// With it, the whole roll-call is in the page as data (#rc-data) and only one page of rows is
// drawn at a time, so a unit of 3,000 costs what a unit of 50 does: the search filters the data
// and draws the matches; a draft is saved in the background and the page keeps its place; every
// change is also kept in this browser until the server has it, and offered back if the page is
// opened again; leaving with unsaved changes asks first. No inline script: the CSP forbids it.
(function () {
  'use strict';
  var form = document.getElementById('session-form');
  if (!form) return;

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
  toggleHeld();

  var dataEl = document.getElementById('rc-data');
  var list = document.getElementById('rc-list');
  var template = document.getElementById('rc-row');
  if (!dataEl || !list || !template || form.querySelector('fieldset[disabled]')) {
    form.addEventListener('change', function (e) {
      if (e.target.name === 'held') toggleHeld();
      if (e.target.id === 'ikrar_version') showIkrar(e.target.value);
    });
    form.setAttribute('data-rc-state', 'ready');
    return;
  }

  var data = JSON.parse(dataEl.textContent);
  // Each row: [id, name, NIP, value, note, why, dirty] and, when the unit uses check-in,
  // [check-in in words, evidence]; value is a status, "C:<cuti type>" or "" (belum hadir), and
  // evidence "H" or "TL" (what the check-in says) or "N" (no check-in).
  var rows = data.rows;
  var size = data.size;
  var byId = {};
  var keys = [];
  var pending = {};
  var pendingCount = 0;
  rows.forEach(function (r, i) {
    byId[r[0]] = r;
    keys[i] = r[1].toLocaleLowerCase('id');
    if (r[6]) markPending(r[0]);
  });
  var common = {};
  Array.prototype.forEach.call(template.content.querySelectorAll('.rc-pick > label input'), function (input) { common[input.value] = true; });

  var status = document.getElementById('rc-save-status');
  var shown = document.getElementById('rc-shown');
  var pageNo = form.querySelector('[data-rc-pageno]');
  var prev = form.querySelector('[data-rc-prev]');
  var next = form.querySelector('[data-rc-next]');
  var search = document.getElementById('rc-q');
  var versionInput = form.querySelector('input[name="version"]');
  var carried = document.getElementById('rc-carried');
  var none = form.querySelector('.rc-none');
  var storeKey = 'ikrar:roll:' + location.pathname;
  var detailsDirty = false;
  var submitting = false;

  function msg(name, vars) {
    var text = status.getAttribute('data-' + name) || '';
    Object.keys(vars || {}).forEach(function (k) { text = text.replace('{' + k + '}', String(vars[k])); });
    return text;
  }

  // Counts per status for the whole unit, kept by difference on every change.
  var outputs = {};
  var counts = {};
  Array.prototype.forEach.call(document.querySelectorAll('output[data-count]'), function (o) {
    var code = o.getAttribute('data-count');
    outputs[code] = o;
    counts[code] = Number(o.textContent) || 0;
  });
  function showCount(code) {
    var o = outputs[code];
    if (!o) return;
    o.textContent = String(counts[code]);
    var item = o.closest('[data-count-item]');
    if (item && code !== 'H' && code !== 'TK' && code !== 'BH') item.hidden = counts[code] === 0;
  }
  // "Belum hadir" (an empty value) is counted under BH, as the server does (roll-call-list.ts).
  function countKey(value) { return value.split(':')[0] || 'BH'; }
  // Says otherwise than the check-in: Hadir/Terlambat without one, or another status with one.
  function isManual(r) {
    var evidence = r[8];
    if (!evidence || r[3] === '') return false;
    if (evidence === 'N') return r[3] === 'H' || r[3] === 'TL';
    return r[3] !== evidence;
  }
  function setValue(r, value) {
    var before = countKey(r[3]);
    var after = countKey(value);
    r[3] = value;
    if (before !== after) {
      counts[before] = (counts[before] || 0) - 1;
      counts[after] = (counts[after] || 0) + 1;
      showCount(before);
      showCount(after);
    }
    markPending(r[0]);
  }
  function markPending(id) {
    if (!pending[id]) { pending[id] = true; pendingCount++; }
  }

  // The search and the page drawn: the same rule as the server's (roll-call-list.ts).
  var query = search ? search.value.trim() : '';
  var matching = filter(query);
  var page = Number(list.getAttribute('data-page')) || 1;
  function filter(q) {
    if (!q) return rows;
    var text = q.toLocaleLowerCase('id');
    var digits = q.replace(/\s+/g, '');
    var out = [];
    for (var i = 0; i < rows.length; i++) {
      if (keys[i].indexOf(text) !== -1 || (digits && rows[i][2].indexOf(digits) !== -1)) out.push(rows[i]);
    }
    return out;
  }
  function pages() { return Math.max(1, Math.ceil(matching.length / size)); }

  function rowNode(r) {
    var li = template.content.firstElementChild.cloneNode(true);
    li.setAttribute('data-id', r[0]);
    li.className = r[5] ? 'rc-attn' : '';
    Array.prototype.forEach.call(li.querySelectorAll('.rc-name'), function (n) { n.textContent = r[1]; });
    li.querySelector('.rc-nip').textContent = r[2];
    var why = li.querySelector('.rc-why');
    why.textContent = r[5];
    why.hidden = !r[5];
    var checkIn = li.querySelector('.rc-checkin');
    checkIn.textContent = r[7] || '';
    checkIn.hidden = !r[7];
    li.querySelector('.rc-manual').hidden = !isManual(r);
    var more = li.querySelector('.rc-more');
    // The rarer statuses are drawn when "Lainnya" is opened: fewer elements, a faster page.
    if (common[r[3]] || r[3] === '') {
      more.replaceChildren(more.firstElementChild);
      more.setAttribute('data-lazy', '');
    } else {
      more.open = true;
    }
    setRadios(li, r);
    var note = li.querySelector('.rc-note input');
    note.name = 'note[' + r[0] + ']';
    note.value = r[4];
    note.setAttribute('aria-label', note.getAttribute('aria-label') + r[1]);
    li.querySelector('.rc-note').open = !!r[4];
    return li;
  }

  function setRadios(li, r) {
    var name = 'status[' + r[0] + ']';
    Array.prototype.forEach.call(li.querySelectorAll('input[type="radio"]'), function (radio) {
      radio.name = name;
      radio.checked = radio.value === r[3];
    });
  }
  list.addEventListener('toggle', function (e) {
    var more = e.target;
    if (!more.hasAttribute || !more.hasAttribute('data-lazy') || !more.open) return;
    more.removeAttribute('data-lazy');
    Array.prototype.forEach.call(template.content.querySelectorAll('.rc-more > label'), function (label) {
      more.appendChild(label.cloneNode(true));
    });
    var li = more.closest('li[data-id]');
    setRadios(li, byId[li.getAttribute('data-id')]);
  }, true);

  function draw() {
    page = Math.min(Math.max(1, page), pages());
    var frag = document.createDocumentFragment();
    var slice = matching.slice((page - 1) * size, page * size);
    for (var i = 0; i < slice.length; i++) frag.appendChild(rowNode(slice[i]));
    list.replaceChildren(frag);
    list.setAttribute('data-page', String(page));
    list.setAttribute('data-rc-query', query);
    if (none) none.hidden = matching.length > 0;
    showPosition();
  }
  function showPosition() {
    var where = pageNo.getAttribute('data-template').replace('{page}', String(page)).replace('{pages}', String(pages()));
    pageNo.textContent = where;
    prev.disabled = page <= 1;
    next.disabled = page >= pages();
    var head = query ? shown.getAttribute('data-matches').replace('{n}', String(matching.length)) : shown.getAttribute('data-attention');
    shown.firstElementChild.textContent = head + ' · ' + where;
  }

  if (search) {
    search.addEventListener('input', function () {
      query = search.value.trim();
      matching = filter(query);
      page = 1;
      draw();
    });
    // Enter in the search box searches here; it must not submit the whole roll-call.
    search.addEventListener('keydown', function (e) { if (e.key === 'Enter') e.preventDefault(); });
  }
  Array.prototype.forEach.call(form.querySelectorAll('[data-rc-server]'), function (el) { el.hidden = true; });
  function turn(by) {
    return function (e) {
      e.preventDefault();
      page += by;
      draw();
      document.getElementById('roll-title').scrollIntoView();
    };
  }
  prev.addEventListener('click', turn(-1));
  next.addEventListener('click', turn(1));

  var tools = form.querySelector('[data-rc-tools]');
  if (tools) {
    tools.hidden = false;
    document.getElementById('rc-apply').addEventListener('click', function () {
      var value = document.getElementById('rc-setall').value;
      matching.forEach(function (r) { if (r[3] !== value) setValue(r, value); });
      draw();
      remember();
    });
  }

  list.addEventListener('change', function (e) {
    var t = e.target;
    var li = t.closest('li[data-id]');
    if (!li) return;
    var r = byId[li.getAttribute('data-id')];
    if (t.type === 'radio') setValue(r, t.value);
    li.querySelector('.rc-manual').hidden = !isManual(r);
    remember();
  });
  list.addEventListener('input', function (e) {
    var t = e.target;
    var li = t.closest('li[data-id]');
    if (!li || t.type === 'radio') return;
    var r = byId[li.getAttribute('data-id')];
    r[4] = t.value;
    markPending(r[0]);
    remember();
  });
  form.addEventListener('change', function (e) {
    var t = e.target;
    if (t.name === 'held') toggleHeld();
    if (t.id === 'ikrar_version') showIkrar(t.value);
    if (!list.contains(t) && t !== search && t.id !== 'rc-setall') { detailsDirty = true; remember(); }
  });

  // The browser's copy of what the server does not have yet.
  function detailFields() {
    var out = {};
    Array.prototype.forEach.call(form.querySelectorAll('.session-details [name], textarea[name="reason"]'), function (el) {
      if (el.type === 'file' || (el.type === 'radio' && !el.checked)) return;
      out[el.name] = el.value;
    });
    return out;
  }
  function remember() {
    var saved = {};
    Object.keys(pending).forEach(function (id) { saved[id] = [byId[id][3], byId[id][4]]; });
    try {
      localStorage.setItem(storeKey, JSON.stringify({ at: Date.now(), rows: saved, details: detailsDirty ? detailFields() : null }));
    } catch { /* storage full or blocked: the page still holds the changes */ }
    status.textContent = msg('unsaved', { n: pendingCount + (detailsDirty ? 1 : 0) });
  }
  function forget() {
    try { localStorage.removeItem(storeKey); } catch { /* nothing to remove */ }
  }
  function offerBack() {
    var kept;
    try { kept = JSON.parse(localStorage.getItem(storeKey) || 'null'); } catch { kept = null; }
    if (!kept || !kept.rows) return;
    // Rows the server already has as kept are not news; if nothing else is, the copy is done with.
    var news = Object.keys(kept.rows).filter(function (id) {
      var r = byId[id];
      return r && (r[3] !== kept.rows[id][0] || r[4] !== kept.rows[id][1]);
    });
    // Details the form already shows (a submission that went through) are not news either.
    var now = detailFields();
    var details = kept.details && Object.keys(kept.details).some(function (name) { return now[name] !== kept.details[name]; }) ? kept.details : null;
    if (news.length === 0 && !details) { forget(); return; }
    var box = document.getElementById('rc-restore');
    box.hidden = false;
    document.getElementById('rc-restore-yes').addEventListener('click', function () {
      news.forEach(function (id) {
        setValue(byId[id], kept.rows[id][0]);
        byId[id][4] = kept.rows[id][1];
      });
      if (details) restoreDetails(details);
      box.hidden = true;
      draw();
      remember();
    });
    document.getElementById('rc-restore-no').addEventListener('click', function () {
      forget();
      box.hidden = true;
    });
  }
  function restoreDetails(details) {
    Object.keys(details).forEach(function (name) {
      Array.prototype.forEach.call(form.querySelectorAll('[name="' + name + '"]'), function (el) {
        if (el.type === 'radio') el.checked = el.value === details[name];
        else el.value = details[name];
      });
    });
    detailsDirty = true;
    toggleHeld();
  }

  // Rows changed but not drawn go along as hidden fields; the server keeps everyone else as is.
  function addPendingFields(target) {
    Object.keys(pending).forEach(function (id) {
      if (list.querySelector('li[data-id="' + id + '"]')) return;
      target('status[' + id + ']', byId[id][3]);
      target('note[' + id + ']', byId[id][4]);
    });
  }

  function saveInBackground(action) {
    var photo = form.querySelector('input[type="file"]');
    var withPhoto = photo && photo.files && photo.files.length > 0;
    var body = withPhoto ? new FormData(form) : new URLSearchParams();
    if (!withPhoto) {
      new FormData(form).forEach(function (value, name) { if (typeof value === 'string') body.append(name, value); });
    }
    body.set('action', action);
    addPendingFields(function (name, value) { body.append(name, value); });
    var sent = {};
    Object.keys(pending).forEach(function (id) { sent[id] = [byId[id][3], byId[id][4]]; });
    status.textContent = msg('saving');
    return fetch(form.getAttribute('action'), { method: 'POST', body: body, headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (res) {
        return res.json().catch(function () { return { ok: false, alert: res.statusText }; });
      })
      .then(function (answer) {
        if (!answer.ok) {
          var rowsWrong = answer.errors ? Object.keys(answer.errors).map(function (k) { return answer.errors[k]; }) : [];
          status.textContent = msg('failed', { reason: [answer.alert].concat(rowsWrong.slice(0, 5)).join(' ') });
          return;
        }
        versionInput.value = String(answer.version);
        // Changes made while the save was on its way stay pending.
        Object.keys(sent).forEach(function (id) {
          var r = byId[id];
          if (r[3] === sent[id][0] && r[4] === sent[id][1]) { delete pending[id]; pendingCount--; }
        });
        detailsDirty = false;
        if (withPhoto) photo.value = '';
        if (pendingCount === 0) forget(); else remember();
        var badge = document.querySelector('.session-status .badge');
        if (badge && answer.state) { badge.className = 'badge state-' + answer.state.code; badge.textContent = answer.state.label; }
        var time = new Date().toLocaleTimeString(document.documentElement.lang || 'id', { hour: '2-digit', minute: '2-digit' });
        status.textContent = msg('saved', { time: time });
        form.setAttribute('data-rc-saved', String(answer.version));
      })
      .catch(function () { status.textContent = msg('offline'); });
  }

  form.addEventListener('submit', function (e) {
    var by = e.submitter;
    if (by && by.name === 'go') { e.preventDefault(); return; }
    if (by && by.name === 'action' && (by.value === 'draft' || by.value === 'save')) {
      e.preventDefault();
      saveInBackground(by.value);
      return;
    }
    // Submitting (or asking for a correction) leaves the page: send every changed row with it.
    carried.replaceChildren();
    addPendingFields(function (name, value) {
      var input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = value;
      carried.appendChild(input);
    });
    // Without a photo there is nothing to upload: urlencoded parses faster than multipart.
    var photo = form.querySelector('input[type="file"]');
    if (!photo || !photo.files || photo.files.length === 0) form.enctype = 'application/x-www-form-urlencoded';
    submitting = true;
  });

  window.addEventListener('beforeunload', function (e) {
    if (submitting || (pendingCount === 0 && !detailsDirty)) return;
    e.preventDefault();
    e.returnValue = '';
  });

  carried.replaceChildren();
  offerBack();
  if (pendingCount > 0) remember();
  form.setAttribute('data-rc-state', 'ready');
})();
