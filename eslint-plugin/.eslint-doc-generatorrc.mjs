// eslint-doc-generator loads the BUILT plugin through package.json "main": run `npx tsc -b` at the
// repository root first (the docs:update/docs:check scripts do it through their pre-scripts).

/** @type {import('eslint-doc-generator').GenerateOptions} */
const config = {
  configEmoji: [
    ['recommended', '✅'],
    ['strict', '🔒'],
    ['browser', '🌐'],
  ],
  ruleDocSectionInclude: ['Examples', 'Options', 'When Not To Use It'],
  // Every doc has an Options section, saying "This rule has no options." when the schema is empty;
  // the tool's own check would forbid that heading for option-less rules.
  ruleDocSectionOptions: false,
  ruleDocTitleFormat: 'desc-parens-prefix-name',
  urlConfigs: 'https://github.com/otel-propagation/otel-propagation/blob/main/eslint-plugin/README.md#configs',
};

export default config;
