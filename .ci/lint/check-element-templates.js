#!/usr/bin/env node
// Checks Camunda Modeler element templates (element-templates/*.json) against the Camunda 7 element templates
// JSON schema (@camunda/element-templates-json-schema, the schema every template names in its $schema), and that
// template ids are unique across the files (the Modeler shows only one of two templates with the same id and version).
//
//   node check-element-templates.js FILE.json...
//
// A file holds one template (an object) or several (an array), as the Modeler reads them.
// Exit code 0 when every file passes, 1 when any fails, 2 on wrong usage.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const Ajv = require('ajv');
const schema = require('@camunda/element-templates-json-schema/resources/schema.json');

const SCHEMA_URL = 'https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json';

// strict: false, because the published schema uses union types and type-less 'required'/'properties', valid draft-07
// that Ajv's strict mode only warns about on every run
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

function checkFile(file, seenIds) {
  const problems = [];
  let content;
  try {
    content = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    return [ `${file}: not readable as JSON: ${err.message}` ];
  }
  if (!validate(content)) {
    for (const error of validate.errors) {
      problems.push(`${file}: ${error.instancePath || '/'} ${error.message}` +
        (error.params && Object.keys(error.params).length ? ` ${JSON.stringify(error.params)}` : ''));
    }
  }
  const templates = Array.isArray(content) ? content : [ content ];
  templates.forEach((template, index) => {
    if (template === null || typeof template !== 'object') {
      return;
    }
    const where = `${file}: template ${template.id || '#' + index}`;
    if (template.$schema !== SCHEMA_URL) {
      problems.push(`${where}: $schema must be ${SCHEMA_URL} (the Camunda 7 schema)`);
    }
    const key = `${template.id}@${template.version}`;
    if (seenIds.has(key)) {
      problems.push(`${where}: id ${template.id} version ${template.version} is also defined in ${seenIds.get(key)}`);
    } else {
      seenIds.set(key, path.basename(file));
    }
  });
  return problems;
}

function main(files) {
  if (files.length === 0) {
    console.error('usage: node check-element-templates.js FILE.json...');
    return 2;
  }
  const seenIds = new Map();
  let failed = 0;
  for (const file of files) {
    const problems = checkFile(file, seenIds);
    if (problems.length) {
      failed++;
      problems.forEach(problem => console.log(`ERROR ${problem}`));
    } else {
      console.log(`ok    ${file}`);
    }
  }
  if (failed) {
    console.log(`\n${failed} of ${files.length} element template file(s) fail the checks above.`);
    return 1;
  }
  console.log(`${files.length} element template file(s) ok.`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
