// The plot index: polls /plots.json and rebuilds the table with textContent only (titles come from streams).
(function () {
  'use strict';

  var REFRESH_MS = 2000;
  var rows = document.getElementById('plot-rows');
  var empty = document.getElementById('empty');
  var statusEl = document.getElementById('status');

  function setStatus(state, text) {
    statusEl.dataset.state = state;
    statusEl.textContent = text;
  }

  function cell(row, text, className) {
    var td = document.createElement('td');
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    row.appendChild(td);
    return td;
  }

  function link(href, text) {
    var a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    return a;
  }

  function age(ms) {
    if (!ms) {
      return 'never';
    }
    var seconds = Math.max(0, Math.round((Date.now() - ms) / 1000));
    if (seconds < 60) {
      return seconds + ' s ago';
    }
    if (seconds < 3600) {
      return Math.floor(seconds / 60) + ' min ago';
    }
    return new Date(ms).toLocaleString();
  }

  function render(plots) {
    var fresh = document.createDocumentFragment();
    plots.forEach(function (plot) {
      var row = document.createElement('tr');
      row.dataset.plotId = plot.id;
      var name = cell(row, '');
      name.appendChild(link('/plots/' + encodeURIComponent(plot.id), plot.title || plot.id));
      cell(row, String(plot.traces), 'num');
      cell(row, String(plot.points), 'num');
      var updated = cell(row, age(plot.lastUpdateMs));
      if (plot.lastUpdateMs) {
        updated.title = new Date(plot.lastUpdateMs).toISOString();
      }
      cell(row, '').appendChild(link('/embed/' + encodeURIComponent(plot.id), 'embed'));
      fresh.appendChild(row);
    });
    rows.replaceChildren(fresh);
    empty.hidden = plots.length > 0;
  }

  function refresh() {
    fetch('/plots.json', { credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(function (plots) {
        render(plots);
        setStatus('live', 'updated ' + new Date().toLocaleTimeString());
      })
      .catch(function (e) {
        setStatus('error', 'cannot load the plot list (' + e.message + '), retrying');
      })
      .finally(function () {
        window.setTimeout(refresh, REFRESH_MS);
      });
  }

  refresh();
}());
