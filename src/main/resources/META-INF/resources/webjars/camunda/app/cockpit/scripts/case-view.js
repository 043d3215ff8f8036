// The case as a person reads it, in Chinese — title, case number, community, requester, where it stands and who holds
// it until when, the steps taken and its record step by step under the labels of its forms — from the application's
// /api/cases, read with this Cockpit session (and its community walls). Shown by the 案件 tab (case-tab.js), the
// dashboard's search (case-search.js) and the 1+7+X dashboard (dashboard.js). Built with text nodes only: nothing a
// resident typed is ever read as HTML.

// the application's API at the server's root, beside /camunda/app/cockpit/default/ (the page's base)
export function api(path) {
  return fetch(new URL('../../../../api/' + path, document.baseURI), {
    credentials: 'same-origin',
    headers: { Accept: 'application/json' }
  }).then(function(response) {
    return response.json().then(function(body) {
      if (!response.ok) {
        throw new Error(body.message || response.status);
      }
      return body;
    });
  });
}

export function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  if (className) {
    node.className = className;
  }
  return node;
}

export function table(headings, rows) {
  const result = element('table', null, 'table table-condensed xs-case-table');
  const head = result.appendChild(element('thead')).appendChild(element('tr'));
  headings.forEach(function(h) {
    head.appendChild(element('th', h));
  });
  const body = result.appendChild(element('tbody'));
  rows.forEach(function(row) {
    const tr = body.appendChild(element('tr'));
    row.forEach(function(cell) {
      // a node (a link) as it is, anything else as text
      if (cell instanceof Node) {
        tr.appendChild(element('td')).appendChild(cell);
      } else {
        tr.appendChild(element('td', cell === null || cell === undefined ? '' : cell));
      }
    });
  });
  return result;
}

export function show(node, view) {
  node.textContent = '';
  const root = node.appendChild(element('div', null, 'xs-case'));
  root.appendChild(element('h4', view.title || view.caseNumber));
  const facts = [
    ['案件编号', view.caseNumber], ['流程', view.process], ['社区', (view.community || '') + (view.street ? '(' + view.street + ')' : '')],
    ['状态', view.state], ['提出人', view.requester], ['开始', view.started], ['结束', view.ended]
  ].filter(function(f) {
    return f[1];
  });
  root.appendChild(table(['项目', '内容'], facts));
  if (view.open.length) {
    root.appendChild(element('h5', '当前环节'));
    root.appendChild(table(['环节', '自', '办理人', '期限'], view.open.map(function(o) {
      return [o.step, o.since, o.holder, o.due];
    })));
  }
  root.appendChild(element('h5', '已经过的环节'));
  root.appendChild(table(['环节', '开始', '完成', '办理人'], view.steps.map(function(s) {
    return [s.step, s.started, s.ended, s.by];
  })));
  root.appendChild(element('h5', '案件记录'));
  // one section per step (the diagram's step, or the step's name): its values, then the lists it wrote as tables
  view.record.forEach(function(section) {
    const part = root.appendChild(element('div', null, 'xs-case-section'));
    part.appendChild(element('h6', section.section, 'xs-case-section-heading'));
    if (section.fields.length) {
      const fields = part.appendChild(table(['项目', '内容'], section.fields.map(function(f) {
        return [f.label, f.file ? '' : f.value];
      })));
      // a file (the written summary, a report) as a link to download it
      fields.querySelectorAll('tbody tr').forEach(function(tr, i) {
        const f = section.fields[i];
        if (f.file) {
          const link = tr.lastChild.appendChild(element('a', f.value, 'xs-case-file'));
          link.href = new URL('../../../../api/' + f.file, document.baseURI).toString();
        }
      });
    }
    section.lists.forEach(function(list) {
      part.appendChild(element('div', list.label, 'xs-case-list-caption'));
      part.appendChild(table(list.columns, list.rows)).classList.add('xs-case-list');
    });
  });
}

/**
 * Cases as /api/cases and /api/dashboard/cases list them, into {@code results}: a running case opens in Cockpit, a
 * finished one reads into {@code detail} (Community Edition's Cockpit has no page for it).
 */
export function caseList(results, detail, body) {
  results.textContent = '';
  if (!body.cases.length) {
    results.appendChild(element('p', '没有找到案件'));
    return;
  }
  const rows = body.cases.map(function(c) {
    return [c.caseNumber, c.title, c.community, c.process, c.state, c.started, c.ended, c.outcome];
  });
  const found = results.appendChild(table(['案件编号', '事项', '社区', '流程', '状态', '开始', '结束', '结果', ''], rows));
  found.querySelectorAll('tbody tr').forEach(function(tr, i) {
    const c = body.cases[i];
    const cell = tr.appendChild(element('td'));
    if (c.state === '办理中') {
      const link = cell.appendChild(element('a', '在监控中心打开'));
      link.href = '#/process-instance/' + encodeURIComponent(c.id) + '/runtime';
    } else {
      const view = cell.appendChild(element('button', '查看', 'btn btn-default btn-xs xs-case-open'));
      view.type = 'button';
      view.addEventListener('click', function() {
        showCase(detail, c.id);
      });
    }
  });
  if (body.cases.length === body.limit) {
    results.appendChild(element('p', '只显示其中 ' + body.limit + ' 件,请缩小查找范围'));
  }
}

/** Reads the case into the node: 正在读取案件…, then the case, or why it cannot be read. */
export function showCase(node, processInstanceId) {
  node.textContent = '正在读取案件…';
  api('cases/' + encodeURIComponent(processInstanceId))
    .then(function(view) {
      show(node, view);
    })
    .catch(function(error) {
      node.textContent = '无法读取案件: ' + error.message;
    });
}
