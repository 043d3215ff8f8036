#!/usr/bin/env node
// Checks Camunda forms (*.form) against what Camunda 7.24's Tasklist can render and what Xieshang requires.
//
//   node check-forms.js FILE.form...
//
// Tasklist 7.24 embeds form-js 1.8 (@bpmn-io/form-js-viewer 1.8.x: schemaVersion 16). The component types below
// are the `type` of every entry in that viewer's `formFields` list (dist/index.cjs of @bpmn-io/form-js-viewer@1.8.8),
// less 'default', which is only the type of the form itself. A newer Modeler can save components and schema versions
// that this viewer silently drops or refuses, so they are errors here.
//
// Rules:
//   - the file is a JSON object of type 'default' with a numeric schemaVersion <= 16
//   - its id equals the file name without '.form' (process models reference forms by that id: camunda:formRef)
//   - every component, also inside group and dynamiclist, has a type form-js 1.8 renders and a unique id
//   - every keyed textfield and textarea has validate.maxLength (a positive integer, not below validate.minLength)
//   - validate.pattern, where given, is a valid regular expression
//   - keys (binding paths, with group/dynamiclist paths) are unique within a form and do not overlap
//   - no dynamiclist: Tasklist 7.24 keeps Complete disabled once an item is typed (form-js 1.8 leaves an empty error
//     entry for each field of a repeated item, and Tasklist treats any entry as an error). A list is written through
//     numbered groups instead: paths items.0, items.1, ... (see forms/record-meeting.form)
//   - a group's path, where given, names such an item (<key>.<n>): the server checks no other nesting
//
// Exit code 0 when every form passes, 1 when any violates a rule, 2 on wrong usage. No dependencies.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const MAX_SCHEMA_VERSION = 16;

const RENDERED_TYPES = new Set([
  // input
  'textfield', 'textarea', 'number', 'datetime', 'expression',
  // selection
  'checkbox', 'checklist', 'radio', 'select', 'taglist',
  // presentation
  'text', 'image', 'table', 'html', 'spacer', 'separator',
  // containers
  'group', 'dynamiclist', 'iframe',
  // other
  'button'
]);

const CONTAINER_TYPES = new Set([ 'group', 'dynamiclist' ]);
const LENGTH_LIMITED_TYPES = new Set([ 'textfield', 'textarea' ]);

function checkForm(file) {
  const problems = [];
  const report = (where, message) => problems.push(`${file}: ${where ? where + ': ' : ''}${message}`);

  let form;
  try {
    form = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    report('', `not readable as JSON: ${err.message}`);
    return problems;
  }
  if (form === null || typeof form !== 'object' || Array.isArray(form)) {
    report('', 'not a JSON object');
    return problems;
  }

  const expectedId = path.basename(file).replace(/\.form$/, '');
  if (form.id !== expectedId) {
    report('id', `is ${JSON.stringify(form.id)}, must equal the file name without .form: "${expectedId}"`);
  }
  if (form.type !== 'default') {
    report('type', `is ${JSON.stringify(form.type)}, a form's own type must be "default"`);
  }
  if (typeof form.schemaVersion !== 'number' || !Number.isInteger(form.schemaVersion)) {
    report('schemaVersion', `is ${JSON.stringify(form.schemaVersion)}, must be an integer <= ${MAX_SCHEMA_VERSION}`);
  } else if (form.schemaVersion > MAX_SCHEMA_VERSION) {
    report('schemaVersion', `is ${form.schemaVersion}; Tasklist 7.24 (form-js 1.8) reads at most ${MAX_SCHEMA_VERSION}`);
  }
  if (!Array.isArray(form.components)) {
    report('components', 'missing or not an array');
    return problems;
  }

  const ids = new Map(); // id -> where first seen
  const bindings = []; // { segments, where, closed }

  function walk(components, where, scope) {
    components.forEach((component, index) => {
      const at = `${where}[${index}]`;
      if (component === null || typeof component !== 'object' || Array.isArray(component)) {
        report(at, 'component is not an object');
        return;
      }
      const type = component.type;
      const name = `${at} (${component.id || 'no id'}, type ${JSON.stringify(type)})`;

      if (!RENDERED_TYPES.has(type)) {
        report(name, `type ${JSON.stringify(type)} is not rendered by form-js 1.8 in Tasklist 7.24; ` +
          `use one of: ${[ ...RENDERED_TYPES ].join(', ')}`);
      }

      if (typeof component.id !== 'string' || component.id === '') {
        report(name, 'has no id');
      } else if (ids.has(component.id)) {
        report(name, `id "${component.id}" is used twice (also at ${ids.get(component.id)}); form-js refuses such a form`);
      } else {
        ids.set(component.id, at);
      }

      const hasKey = component.key !== undefined;
      if (hasKey && (typeof component.key !== 'string' || !/^[^.\s]+(\.[^.\s]+)*$/.test(component.key))) {
        report(name, `key ${JSON.stringify(component.key)} is not a valid key`);
      } else if (hasKey && !CONTAINER_TYPES.has(type)) {
        bindings.push({ segments: [ ...scope, ...component.key.split('.') ], where: name, closed: true });
      }

      const validate = component.validate || {};
      if (hasKey && LENGTH_LIMITED_TYPES.has(type)) {
        const max = validate.maxLength;
        if (max === undefined) {
          report(name, `keyed ${type} "${component.key}" must declare validate.maxLength`);
        } else if (!Number.isInteger(max) || max <= 0) {
          report(name, `validate.maxLength is ${JSON.stringify(max)}, must be a positive integer`);
        } else if (Number.isInteger(validate.minLength) && validate.minLength > max) {
          report(name, `validate.minLength ${validate.minLength} is greater than validate.maxLength ${max}`);
        }
      }
      if (validate.pattern !== undefined) {
        try {
          new RegExp(validate.pattern);
        } catch (err) {
          report(name, `validate.pattern is not a valid regular expression: ${err.message}`);
        }
      }

      if (type === 'dynamiclist') {
        report(name, 'Tasklist 7.24 cannot complete a form with a dynamiclist (Complete stays disabled once an item ' +
          'is typed); write the list through numbered groups with paths <key>.0, <key>.1, ... instead');
      }
      if (type === 'group' && typeof component.path === 'string' && component.path !== '' &&
          !/^[A-Za-z_][A-Za-z0-9_]*\.\d+$/.test(component.path)) {
        report(name, `group path ${JSON.stringify(component.path)} must name an item of a list (<key>.<n>) or be empty`);
      }

      if (CONTAINER_TYPES.has(type)) {
        let childScope = scope;
        if (typeof component.path === 'string' && component.path !== '') {
          childScope = [ ...scope, ...component.path.split('.') ];
        }
        if (type === 'dynamiclist') {
          if (childScope === scope) {
            report(name, 'a dynamiclist needs a path');
          } else {
            // the list's path is a binding of its own; its items' keys live in a scope of their own
            bindings.push({ segments: childScope, where: name, closed: true });
            childScope = [ ...childScope, '[item]' ];
          }
        }
        if (component.components !== undefined && !Array.isArray(component.components)) {
          report(name, 'components is not an array');
        } else {
          walk(component.components || [], `${at}.components`, childScope);
        }
      } else if (component.components !== undefined) {
        report(name, `a ${type} cannot hold components`);
      }
    });
  }

  walk(form.components, 'components', []);

  // a key may be bound once; 'a' and 'a.b' cannot both be bound either
  for (let i = 0; i < bindings.length; i++) {
    for (let j = i + 1; j < bindings.length; j++) {
      const a = bindings[i], b = bindings[j];
      const [ shorter, longer ] = a.segments.length <= b.segments.length ? [ a, b ] : [ b, a ];
      const prefix = shorter.segments.every((segment, k) => segment === longer.segments[k]);
      if (!prefix) {
        continue;
      }
      const key = shorter.segments.filter(s => s !== '[item]').join('.');
      if (shorter.segments.length === longer.segments.length) {
        report(b.where, `key "${key}" is already used by ${a.where}`);
      } else if (shorter.closed && longer.segments[shorter.segments.length] !== '[item]') {
        report(longer.where, `key "${longer.segments.filter(s => s !== '[item]').join('.')}" overlaps key "${key}" of ${shorter.where}`);
      }
    }
  }

  return problems;
}

function main(files) {
  if (files.length === 0) {
    console.error('usage: node check-forms.js FILE.form...');
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    const problems = checkForm(file);
    if (problems.length) {
      failed++;
      problems.forEach(problem => console.log(`ERROR ${problem}`));
    } else {
      console.log(`ok    ${file}`);
    }
  }
  if (failed) {
    console.log(`\n${failed} of ${files.length} form(s) violate the rules above.`);
    return 1;
  }
  console.log(`${files.length} form(s) ok.`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
