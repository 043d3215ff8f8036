// 案件查找 on Cockpit's dashboard: managers find their communities' cases, running and finished (Community Edition's
// Cockpit lists running ones only), by case number, title, community, period, state and outcome; a running case
// opens in Cockpit, a finished one reads below the list (case-view.js). From the application's /api/cases.
import { api, caseList, element } from './case-view.js';

const FIELDS = [
  ['caseNumber', '案件编号', 'text'], ['title', '事项标题', 'text'], ['community', '社区', 'text'],
  ['from', '开始日期从', 'date'], ['to', '至', 'date'], ['outcome', '结果', 'text']
];

function render(node) {
  node.textContent = '';
  const root = node.appendChild(element('div', null, 'xs-case-search'));
  root.appendChild(element('h3', '案件查找'));
  const form = root.appendChild(element('form', null, 'form-inline'));
  const inputs = {};
  FIELDS.forEach(function(f) {
    const label = form.appendChild(element('label', f[1] + ' '));
    const input = label.appendChild(element('input', null, 'form-control input-sm'));
    input.type = f[2];
    input.name = f[0];
    inputs[f[0]] = input;
  });
  const stateLabel = form.appendChild(element('label', '状态 '));
  const state = stateLabel.appendChild(element('select', null, 'form-control input-sm'));
  state.name = 'state';
  [['', '全部'], ['running', '办理中'], ['finished', '已结束']].forEach(function(o) {
    const option = state.appendChild(element('option', o[1]));
    option.value = o[0];
  });
  const search = form.appendChild(element('button', '查找', 'btn btn-primary btn-sm'));
  search.type = 'submit';
  const results = root.appendChild(element('div', null, 'xs-case-results'));
  const detail = root.appendChild(element('div', null, 'xs-case-detail'));

  form.addEventListener('submit', function(event) {
    event.preventDefault();
    const query = new URLSearchParams();
    Object.keys(inputs).forEach(function(k) {
      if (inputs[k].value) {
        query.set(k, inputs[k].value);
      }
    });
    if (state.value) {
      query.set('state', state.value);
    }
    results.textContent = '正在查找…';
    detail.textContent = '';
    api('cases?' + query.toString())
      .then(function(body) {
        caseList(results, detail, body);
      })
      .catch(function(error) {
        results.textContent = '无法查找: ' + error.message;
      });
  });
}

export default {
  id: 'xieshang.case-search',
  pluginPoint: 'cockpit.dashboard',
  priority: 100,
  render: render
};
