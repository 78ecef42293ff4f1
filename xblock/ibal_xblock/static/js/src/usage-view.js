/* The staff-only view of the course's usage: the same numbers as the app's class console
 * (GET /api/classes/{classId}/usage), rendered with textContent only (usernames are text,
 * never markup). Texts come translated from the block. */
(function (root) {
  'use strict';
  var lib = (root.IbalXBlockLib = root.IbalXBlockLib || {});

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function money(amount, currency) {
    var digits = amount > 0 && amount < 1 ? 4 : 2;
    try {
      return new Intl.NumberFormat(undefined, {
        style: 'currency', currency: currency, minimumFractionDigits: digits, maximumFractionDigits: digits,
      }).format(amount);
    } catch (e) {
      return amount.toFixed(digits) + ' ' + currency;
    }
  }

  function count(value) { return new Intl.NumberFormat().format(value); }

  function table(className, headers, rows) {
    var node = el('table', className);
    var head = node.appendChild(el('thead')).appendChild(el('tr'));
    headers.forEach(function (text) {
      var th = head.appendChild(el('th', null, text));
      th.scope = 'col';
    });
    var body = node.appendChild(el('tbody'));
    rows.forEach(function (cells) {
      var tr = body.appendChild(el('tr'));
      cells.forEach(function (cell, i) {
        var td = tr.appendChild(el(i === 0 ? 'th' : 'td', null, cell));
        if (i === 0) td.scope = 'row';
      });
    });
    return node;
  }

  lib.createUsageView = function (element, strings) {
    function part(name) { return element.querySelector('[data-part="' + name + '"]'); }
    var button = part('usage-button');
    var error = part('usage-error');
    var body = part('usage-body');

    function setBusy(busy) {
      button.disabled = busy;
      if (busy) {
        error.hidden = true;
        body.replaceChildren(el('p', 'ibal-usage-hint', strings.loading));
      }
    }

    function showError(text) {
      body.replaceChildren();
      error.textContent = text;
      error.hidden = false;
    }

    function render(usage) {
      var currency = usage.currency || 'USD';
      var totals = usage.totals;
      var list = el('dl', 'ibal-usage-totals');
      [
        [strings.messages, count(totals.messages)],
        [strings.activeLearners, count(totals.activeLearners)],
        [strings.tokens, count(totals.tokensIn) + ' / ' + count(totals.tokensOut)],
        [strings.cost, money(totals.cost.total, currency)],
        [strings.spent, money(usage.budget.spentThisMonth, currency) +
          (usage.budget.monthlyBudget === null ? '' : ' / ' + money(usage.budget.monthlyBudget, currency))],
      ].forEach(function (pair) {
        var item = list.appendChild(el('div', 'ibal-usage-stat'));
        item.appendChild(el('dt', null, pair[0]));
        item.appendChild(el('dd', null, pair[1]));
      });
      var nodes = [list];
      if (usage.estimated) nodes.push(el('p', 'ibal-usage-hint', strings.estimated));

      // Per day: a bar as wide as the day's share of the busiest day, with the number beside it.
      var busiest = Math.max.apply(null, [1].concat(usage.days.map(function (d) { return d.messages; })));
      nodes.push(el('h5', 'ibal-usage-heading', strings.perDay));
      var days = el('ul', 'ibal-usage-days');
      usage.days.forEach(function (day) {
        var row = days.appendChild(el('li', 'ibal-usage-day'));
        row.appendChild(el('span', 'ibal-usage-date', day.date.slice(5)));
        var bar = row.appendChild(el('span', 'ibal-usage-bar'));
        bar.style.width = Math.round((day.messages / busiest) * 100) + '%';
        row.appendChild(el('span', 'ibal-usage-count', count(day.messages) + ' · ' + money(day.cost, currency)));
      });
      nodes.push(days);

      nodes.push(el('h5', 'ibal-usage-heading', strings.learners));
      if (usage.learners.length === 0) {
        nodes.push(el('p', 'ibal-usage-hint', strings.noLearners));
      } else {
        nodes.push(table('ibal-usage-learners',
          [strings.learner, strings.messages, strings.tokens, strings.cost, strings.lastActive],
          usage.learners.slice().sort(function (a, b) { return b.messages - a.messages; }).map(function (l) {
            return [l.username, count(l.messages), count(l.tokensIn) + ' / ' + count(l.tokensOut),
              money(l.cost, currency), l.lastActive ? new Date(l.lastActive).toLocaleString() : strings.never];
          })));
      }
      error.hidden = true;
      body.replaceChildren.apply(body, nodes);
    }

    return {
      onShow: function (handler) { button.addEventListener('click', handler); },
      setBusy: setBusy,
      showError: showError,
      render: render,
    };
  };
})(window);
