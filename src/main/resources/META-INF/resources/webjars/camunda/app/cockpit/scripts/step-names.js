// The steps of a process, readable at the zoom Cockpit opens its diagram with: every bpmn:group of the model (the
// deliberation's seven steps, 第一步 … 第七步) gets its name as an overlay in the group's top-left corner, drawn at
// no less than its real size however far Cockpit shrinks the diagram to fit it. The names are the model's own
// (the group's category value), so a designer's wording shows here as soon as it is deployed.
function render(viewer) {
  const overlays = viewer.get('overlays');
  overlays.remove({ type: 'xs-step-name' });
  viewer.get('elementRegistry').filter(function(element) {
    return element.type === 'bpmn:Group';
  }).forEach(function(group) {
    const category = group.businessObject.categoryValueRef;
    const name = category && category.value;
    if (!name) {
      return;
    }
    const label = document.createElement('div');
    label.className = 'xs-step-name';
    // "第一步 多种渠道“提议题”": the step's number on its own line
    name.split(/\s+/).forEach(function(part, i) {
      const line = label.appendChild(document.createElement(i === 0 ? 'strong' : 'span'));
      line.textContent = part;
    });
    label.title = name;
    overlays.add(group.id, 'xs-step-name', {
      position: { top: 6, left: 6 },
      scale: { min: 1 },
      html: label
    });
  });
}

export default [
  { id: 'xieshang.stepNames.definition', pluginPoint: 'cockpit.processDefinition.diagram.plugin', priority: 0, render: render },
  { id: 'xieshang.stepNames.instance', pluginPoint: 'cockpit.processInstance.diagram.plugin', priority: 0, render: render }
];
