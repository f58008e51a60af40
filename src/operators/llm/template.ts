// A tiny Mustache-like renderer for the prompt files. Hand-written because no template package is a dependency
// and the prompts need only three forms:
//   {{name}}                 the value (lists are rendered to text before they get here)
//   {{#name}} … {{/name}}    the inside when the value is non-empty / true
//   {{^name}} … {{/name}}    the inside when it is empty / false / undefined
// Nothing is escaped (prompts are plain text). A name the caller did not provide is an error, so a typo in a
// user's template fails loudly instead of silently printing nothing.

export type TemplateValue = string | number | boolean | undefined;
export type TemplateVars = Record<string, TemplateValue>;

const SECTION = /\{\{([#^])\s*([\w.-]+)\s*\}\}\n?([\s\S]*?)\{\{\/\s*\2\s*\}\}\n?/g;
const VARIABLE = /\{\{\s*([\w.-]+)\s*\}\}/g;

const truthy = (v: TemplateValue) => v !== undefined && v !== false && v !== '' && v !== 0;

export function renderTemplate(template: string, vars: TemplateVars, name = 'template'): string {
  const known = (key: string) => {
    if (!Object.hasOwn(vars, key)) throw new Error(`prompt template ${name} uses {{${key}}}, which is not one of: ${Object.keys(vars).join(', ')}`);
    return vars[key];
  };
  const sections = (text: string): string =>
    text.replace(SECTION, (_all, kind: string, key: string, inner: string) => (truthy(known(key)) === (kind === '#') ? sections(inner) : ''));
  const out = sections(template).replace(VARIABLE, (_all, key: string) => {
    const v = known(key);
    return v === undefined || v === false ? '' : String(v);
  });
  // Sections that render empty leave blank runs behind; one blank line is enough.
  return `${out.replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
