/**
 * Builds schema/trackz.schema.json from the same valibot schemas that validate the config, so the
 * editor's view and trackz's view cannot drift apart. Run at build time only.
 * Monitors get one `if type == X then <X's fields>` branch per built-in type; other types (from
 * `plugins:`) are accepted with any fields, since their schemas are only known at run time.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import * as v from 'valibot';
import { BUILTIN_TYPES } from '../../plugins/builtins.js';
import { OptionCatalog } from './option-catalog.js';
import { monitorCommonEntries } from './schema/monitor.js';
import { rootSchema, SECTION_SCHEMAS } from './schema/root.js';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema> };

const convert = (schema: v.GenericSchema) => toJsonSchema(schema, { errorMode: 'ignore' }) as JsonSchema;

export async function buildJsonSchema(): Promise<JsonSchema> {
  const root = convert(rootSchema);
  // The optional sections are validated lazily at run time; the editor gets their full schemas.
  for (const [key, load] of Object.entries(SECTION_SCHEMAS)) {
    const { $schema: _nested, ...section } = convert(await load());
    root.properties![key] = section;
  }
  const catalog = new OptionCatalog();
  const branches: JsonSchema[] = [];
  for (const type of BUILTIN_TYPES) {
    const plugin = await catalog.entry(type);
    const options = plugin!.options as unknown as { entries?: Record<string, v.GenericSchema> };
    if (!options.entries) continue;
    const full = convert(v.strictObject({ ...monitorCommonEntries, type: v.literal(type), ...options.entries }));
    branches.push({
      if: { properties: { type: { const: type } }, required: ['type'] },
      then: { ...full, description: plugin!.description },
    });
  }
  const common = convert(v.looseObject(monitorCommonEntries));
  root.properties!.monitors = {
    ...root.properties!.monitors,
    items: {
      type: 'object',
      required: ['name', 'type'],
      properties: { ...common.properties, type: { type: 'string', description: `The check type: ${BUILTIN_TYPES.join(', ')}, or a type from \`plugins:\`.`, examples: BUILTIN_TYPES } },
      allOf: branches,
    },
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://trackz.dev/schema/trackz.schema.json',
    title: 'trackz configuration',
    description: 'trackz.config.yaml: monitors, storage, defaults and plugins. Generated from the schemas trackz validates with.',
    ...root,
  };
}
