// 协商工作看板 (1+7+X) on Cockpit's dashboard, for the manager's own communities: open cases per step of each process
// (the deliberation's seven steps as its model groups them), open cases and overdue tasks per community and level,
// and the running totals the reports quote per period — from the application's /api/dashboard, read with this Cockpit
// session and its community walls. Each number lists the cases behind it (/api/dashboard/cases): a running one opens
// in Cockpit, a finished one reads below the list (case-view.js). Every label comes from the API or the models.
import { api, caseList, element, table } from './case-view.js';

const PERIODS = [['month', '按月'], ['quarter', '按季度'], ['year', '按年'], ['all', '合计']];

function render(node) {
  node.textContent = '';
  const root = node.appendChild(element('div', null, 'xs-dashboard'));
  root.appendChild(element('h3', '协商工作看板(1+7+X)'));
  const form = root.appendChild(element('form', null, 'form-inline xs-dashboard-filter'));
  const communityLabel = form.appendChild(element('label', '社区 '));
  const community = communityLabel.appendChild(element('select', null, 'form-control input-sm'));
  community.name = 'community';
  communityLabel.style.display = 'none';
  const from = form.appendChild(element('label', '统计期间从 ')).appendChild(element('input', null, 'form-control input-sm'));
  from.type = 'date';
  from.name = 'from';
  const to = form.appendChild(element('label', '至 ')).appendChild(element('input', null, 'form-control input-sm'));
  to.type = 'date';
  to.name = 'to';
  const period = form.appendChild(element('label', '分期 ')).appendChild(element('select', null, 'form-control input-sm'));
  period.name = 'period';
  PERIODS.forEach(function(p) {
    period.appendChild(element('option', p[1])).value = p[0];
  });
  const refresh = form.appendChild(element('button', '刷新', 'btn btn-primary btn-sm'));
  refresh.type = 'submit';
  const numbers = root.appendChild(element('div', null, 'xs-dashboard-numbers'));
  const listed = root.appendChild(element('div', null, 'xs-dashboard-cases'));
  const detail = root.appendChild(element('div', null, 'xs-dashboard-detail'));

  function load() {
    const query = new URLSearchParams();
    [community, from, to, period].forEach(function(input) {
      if (input.value) {
        query.set(input.name, input.value);
      }
    });
    numbers.textContent = '正在统计…';
    listed.textContent = '';
    detail.textContent = '';
    api('dashboard?' + query.toString())
      .then(function(body) {
        if (!community.options.length && body.communities.length > 1) {
          community.appendChild(element('option', '全部社区')).value = '';
          body.communities.forEach(function(c) {
            community.appendChild(element('option', c.name + (c.street ? '(' + c.street + ')' : ''))).value = c.id;
          });
          communityLabel.style.display = '';
        }
        from.value = body.totals.from;
        to.value = body.totals.to;
        period.value = body.totals.period;
        show(numbers, body, function(what, cases) {
          list(listed, detail, what, cases);
        });
      })
      .catch(function(error) {
        numbers.textContent = '无法统计: ' + error.message;
      });
  }

  form.addEventListener('submit', function(event) {
    event.preventDefault();
    load();
  });
  load();
}

/** The dashboard's three tables; {@code open(what, cases)} lists the cases behind a number. */
function show(node, body, open) {
  node.textContent = '';
  node.appendChild(element('p', '截至 ' + body.asOf + '。点击数字列出其中的案件。', 'text-muted'));

  node.appendChild(element('h4', '办理中的案件(按环节)'));
  const processes = node.appendChild(element('div', null, 'xs-dashboard-steps'));
  body.processes.filter(function(p) {
    return p.steps.length;
  }).forEach(function(p) {
    const box = processes.appendChild(element('div', null, 'xs-dashboard-process'));
    box.dataset.process = p.key;
    box.appendChild(element('h5', p.name));
    box.appendChild(table(['环节', '办理中'], p.steps.map(function(s) {
      return [s.name, number({ count: s.open, cases: s.cases }, p.name + ' · ' + s.name + ' · 办理中', open)];
    })));
  });

  const overdue = body.overdue;
  node.appendChild(element('h4', '各社区办理中的案件和逾期任务(按层级)'));
  const levelHeadings = overdue.levels.map(function(l) {
    return '逾期 · ' + l.name;
  });
  const rows = overdue.communities.map(function(c) {
    return communityRow(c.name + (c.street && body.communities.length > 1 ? '(' + c.street + ')' : ''), c, overdue,
      open);
  });
  rows.push(communityRow('合计', overdue.total, overdue, open));
  const perCommunity = node.appendChild(table(['社区', '办理中的案件'].concat(levelHeadings, ['逾期合计']), rows));
  perCommunity.classList.add('xs-dashboard-communities');

  const totals = body.totals;
  node.appendChild(element('h4', '累计数字(' + totals.from + ' 至 ' + totals.to + ')'));
  const figureRows = totals.rows.map(function(r) {
    return figureRow(r.periodName, r.figures, totals.figures, open);
  });
  figureRows.push(figureRow('合计', totals.total, totals.figures, open));
  const figures = node.appendChild(table(['期间'].concat(totals.figures.map(function(f) {
    return f.name;
  })), figureRows));
  figures.classList.add('xs-dashboard-totals');
}

function communityRow(name, row, overdue, open) {
  return [name, number(row.open, name + ' · 办理中的案件', open)].concat(overdue.levels.map(function(l) {
    return number(row.levels[l.id], name + ' · 逾期 · ' + l.name, open);
  }), [number(row.overdue, name + ' · 逾期合计', open)]);
}

function figureRow(periodName, values, figures, open) {
  return [periodName].concat(figures.map(function(f) {
    return number(values[f.id], periodName + ' · ' + f.name, open);
  }));
}

/** A number: a link listing the cases behind it, or a plain 0. */
function number(n, what, open) {
  if (!n || !n.count) {
    return element('span', '0', 'xs-dashboard-zero');
  }
  const link = element('a', n.count, 'xs-dashboard-number');
  link.href = '';
  link.dataset.cases = new URLSearchParams(n.cases).toString();
  link.title = '列出' + what + '的案件';
  link.addEventListener('click', function(event) {
    event.preventDefault();
    open(what, n.cases);
  });
  return link;
}

function list(listed, detail, what, cases) {
  listed.textContent = '正在列出案件…';
  detail.textContent = '';
  api('dashboard/cases?' + new URLSearchParams(cases).toString())
    .then(function(body) {
      const results = element('div', null, 'xs-dashboard-list');
      caseList(results, detail, body);
      listed.textContent = '';
      listed.appendChild(element('h4', what));
      listed.appendChild(results);
      listed.scrollIntoView({ block: 'nearest' });
    })
    .catch(function(error) {
      listed.textContent = '无法列出案件: ' + error.message;
    });
}

export default {
  id: 'xieshang.dashboard',
  pluginPoint: 'cockpit.dashboard',
  priority: 200,
  render: render
};
