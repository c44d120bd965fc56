/* packetwalk report: small conveniences only. The page is complete without this script; it reads no data. */
(function () {
  'use strict';
  var doc = document;
  doc.documentElement.classList.add('js');

  function all(selector) {
    return Array.prototype.slice.call(doc.querySelectorAll(selector));
  }

  // Controls that only make sense with JavaScript are hidden in the markup and shown here.
  all('[data-js-only]').forEach(function (el) { el.hidden = false; });

  // Expand or collapse every finding.
  all('[data-expand]').forEach(function (button) {
    button.addEventListener('click', function () {
      var open = button.getAttribute('data-expand') === 'open';
      all('details.finding').forEach(function (d) { if (!d.hidden) d.open = open; });
    });
  });

  // Filter findings by severity; each layer's count says how many are shown.
  var boxes = all('input[data-filter-severity]');
  function applyFilter() {
    var shown = {};
    boxes.forEach(function (b) { shown[b.getAttribute('data-filter-severity')] = b.checked; });
    all('details.finding').forEach(function (d) {
      d.hidden = shown[d.getAttribute('data-severity')] === false;
    });
    all('.layer').forEach(function (layer) {
      var total = layer.querySelectorAll('details.finding').length;
      var visible = layer.querySelectorAll('details.finding:not([hidden])').length;
      var count = layer.querySelector('.layer-count');
      if (!count || total === 0) return;
      if (!count.hasAttribute('data-total')) count.setAttribute('data-total', count.textContent);
      count.textContent = visible === total ? count.getAttribute('data-total') : visible + ' of ' + total + ' shown';
    });
  }
  boxes.forEach(function (b) { b.addEventListener('change', applyFilter); });

  // Following a link to a finding or a path opens it.
  function openTarget() {
    var id = location.hash.slice(1);
    try { id = decodeURIComponent(id); } catch (e) { return; }
    var target = id && doc.getElementById(id);
    // a path listed inside a collapsed list opens with its list
    for (var el = target; el; el = el.parentElement) if (el.tagName === 'DETAILS') el.open = true;
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();

  // Printing shows everything.
  window.addEventListener('beforeprint', function () {
    all('details').forEach(function (d) { d.open = true; });
  });
})();
