// chanmon dashboard: plain JavaScript, no build step, no third-party code.
// Reads Server-Sent Events from /api/stream (one JSON snapshot per sample, see docs/chanmon.md for its fields) and
// renders the channel table, the sparklines of the last minute and the event log. Falls back to polling
// /api/channels if the stream cannot be opened.
(function () {
  'use strict';
  const token = new URLSearchParams(location.search).get('access_token');
  const withToken = (path) => token ? path + (path.includes('?') ? '&' : '?') + 'access_token=' + encodeURIComponent(token) : path;

  const tbody = document.querySelector('#channels tbody');
  const status = document.getElementById('status');
  const summary = document.getElementById('summary');
  const filterInput = document.getElementById('filter');
  const eventList = document.getElementById('events');
  const cellsPre = document.getElementById('cells');
  const cellsName = document.getElementById('cells-name');

  let sortKey = 'name', ascending = true, filter = '', selected = null, lastSnapshot = null, lastEventSeq = 0;

  // ---- sorting and filtering ----
  document.querySelectorAll('th[data-key]').forEach((th) => {
    th.addEventListener('click', () => {
      const key = th.dataset.key;
      if (key === sortKey) ascending = !ascending; else { sortKey = key; ascending = key === 'name' || key === 'kind' || key === 'state'; }
      render();
    });
  });
  filterInput.addEventListener('input', () => { filter = filterInput.value.trim().toLowerCase(); render(); });

  function sortValue(c, key) {
    switch (key) {
      case 'fill': return c.capacity > 0 ? c.size / c.capacity : c.size;
      case 'cancelled': return c.cancelledSenders + c.cancelledReceivers;
      default: return c[key];
    }
  }

  function compare(a, b) {
    const x = sortValue(a, sortKey), y = sortValue(b, sortKey);
    let r = typeof x === 'string' ? x.localeCompare(y) : x - y;
    if (r === 0) r = a.id - b.id;
    return ascending ? r : -r;
  }

  // ---- rendering ----
  const fmt = (n) => n >= 1e6 ? (n / 1e6).toFixed(1) + 'M' : n >= 1e4 ? (n / 1e3).toFixed(1) + 'k' : String(Math.round(n * 10) / 10);

  function td(text, cls) {
    const cell = document.createElement('td');
    if (cls) cell.className = cls;
    cell.textContent = text;
    return cell;
  }

  function sparkline(history) {
    const canvas = document.createElement('canvas');
    const w = 120, h = 24, ratio = window.devicePixelRatio || 1;
    canvas.width = w * ratio; canvas.height = h * ratio;
    canvas.style.width = w + 'px'; canvas.style.height = h + 'px';
    canvas.className = 'spark';
    const g = canvas.getContext('2d');
    g.scale(ratio, ratio);
    const series = [[history.sendRate, '#5cc8ff'], [history.receiveRate, '#7ddc7a']];
    const max = Math.max(1, ...history.sendRate, ...history.receiveRate);
    const n = 60;
    for (const [points, colour] of series) {
      if (!points.length) continue;
      g.strokeStyle = colour; g.lineWidth = 1.2; g.beginPath();
      points.forEach((p, i) => {
        const x = w - (points.length - 1 - i) * (w / (n - 1));
        const y = h - 2 - (p / max) * (h - 4);
        if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
      });
      g.stroke();
    }
    return canvas;
  }

  function row(c) {
    const tr = document.createElement('tr');
    tr.dataset.id = c.id;
    tr.dataset.name = c.name;
    if (c.state !== 'open') tr.classList.add('closed');
    else if (c.full) tr.classList.add('full');
    else if (c.blocked) tr.classList.add('blocked');
    if (selected && selected.id === c.id) tr.classList.add('selected');
    tr.appendChild(td(c.name, 'name'));
    tr.appendChild(td(c.kind));
    tr.appendChild(td(c.state, 'state-' + c.state));
    tr.appendChild(td(fmt(c.sendRate), 'num send-rate'));
    tr.appendChild(td(fmt(c.receiveRate), 'num receive-rate'));
    const spark = document.createElement('td');
    spark.appendChild(sparkline(c.history));
    tr.appendChild(spark);
    const size = document.createElement('td');
    size.className = 'num size';
    if (c.capacity > 0) {
      const bar = document.createElement('span');
      bar.className = 'bar';
      const fill = document.createElement('i');
      fill.style.width = Math.min(100, 100 * c.size / c.capacity) + '%';
      bar.appendChild(fill);
      size.appendChild(bar);
    }
    size.appendChild(document.createTextNode(c.size + ' / ' + (c.capacity < 0 ? '∞' : c.capacity)));
    tr.appendChild(size);
    tr.appendChild(td(c.waitingSenders, 'num' + (c.waitingSenders > 0 ? ' hot' : '')));
    tr.appendChild(td(c.waitingReceivers, 'num' + (c.waitingReceivers > 0 ? ' hot' : '')));
    tr.appendChild(td(c.cancelledSenders + c.cancelledReceivers, 'num'));
    tr.appendChild(td(c.undelivered, 'num'));
    tr.appendChild(td(c.sent, 'num sent'));
    tr.appendChild(td(c.received, 'num received'));
    tr.addEventListener('click', () => { selected = { id: c.id, name: c.name }; render(); loadCells(); });
    return tr;
  }

  function render() {
    document.querySelectorAll('th[data-key]').forEach((th) => {
      th.classList.toggle('sorted', th.dataset.key === sortKey);
      th.classList.toggle('asc', th.dataset.key === sortKey && ascending);
    });
    if (!lastSnapshot) return;
    const all = lastSnapshot.channels;
    const shown = all.filter((c) => !filter || (c.name + ' ' + c.kind + ' ' + c.state).toLowerCase().includes(filter));
    shown.sort(compare);
    const fragment = document.createDocumentFragment();
    shown.forEach((c) => fragment.appendChild(row(c)));
    tbody.replaceChildren(fragment);
    const blocked = all.filter((c) => c.blocked).length, full = all.filter((c) => c.full).length;
    summary.textContent = shown.length + ' of ' + all.length + ' channels · ' + blocked + ' blocked · ' + full + ' full';
  }

  function addEvents(events) {
    for (const e of events) {
      if (e.seq <= lastEventSeq) continue;
      lastEventSeq = e.seq;
      const li = document.createElement('li');
      const t = document.createElement('span');
      t.className = 't';
      t.textContent = new Date(e.time).toLocaleTimeString();
      const ty = document.createElement('span');
      ty.className = 'ty ' + e.type;
      ty.textContent = e.channel + ' ' + e.type;
      li.append(t, ty, document.createTextNode(' ' + e.detail));
      eventList.prepend(li);
    }
    while (eventList.children.length > 200) eventList.lastChild.remove();
  }

  function accept(snapshot) {
    lastSnapshot = snapshot;
    addEvents(snapshot.events);
    render();
    status.textContent = 'live · ' + new Date(snapshot.time).toLocaleTimeString();
    status.className = 'status live';
  }

  // ---- the cell dump of the selected channel ----
  function loadCells() {
    if (!selected) return;
    cellsName.textContent = selected.name;
    fetch(withToken('/api/channels/' + encodeURIComponent(selected.name) + '/cells?id=' + selected.id))
      .then((r) => r.json())
      .then((dump) => {
        if (dump.error) { cellsPre.textContent = dump.message; return; }
        const lines = [];
        for (const ch of dump.channels) {
          lines.push(ch.summary);
          lines.push('  pointers: send=#' + ch.sendSegment + ' receive=#' + ch.receiveSegment + (ch.bufferEndSegment >= 0 ? ' bufferEnd=#' + ch.bufferEndSegment : ''));
          for (const s of ch.segments) {
            lines.push('  segment #' + s.id + ' cleaned=' + s.cleaned + '/' + s.slots + (s.removed ? ' removed' : ''));
            for (const c of s.cells) {
              let line = '    [' + c.index + '] ' + c.state;
              if (c.element !== null) line += ' element=' + c.element;
              if (c.waiter) line += ' ← ' + c.waiter.kind + ' ' + c.waiter.side + ' ' + c.waiter.state + (c.waiter.thread ? ' (' + c.waiter.thread + ')' : '');
              lines.push(line);
            }
          }
          if (ch.truncated) lines.push('  … more segments');
        }
        cellsPre.textContent = lines.join('\n');
      })
      .catch((err) => { cellsPre.textContent = 'cannot load cells: ' + err; });
  }
  setInterval(loadCells, 2000);

  // ---- the stream, with polling as a fallback ----
  let polling = null;
  function poll() {
    fetch(withToken('/api/channels')).then((r) => r.json()).then(accept)
      .catch(() => { status.textContent = 'monitor unreachable'; status.className = 'status down'; });
  }
  function connect() {
    if (!window.EventSource) { polling = setInterval(poll, 1000); poll(); return; }
    const source = new EventSource(withToken('/api/stream'));
    source.addEventListener('snapshot', (e) => accept(JSON.parse(e.data)));
    source.onerror = () => {
      status.textContent = 'reconnecting…';
      status.className = 'status down';
      if (!polling) { polling = setInterval(poll, 1000); }
    };
    source.onopen = () => { if (polling) { clearInterval(polling); polling = null; } };
  }
  render();
  connect();
})();
