/**
 * Input issues said as a code with parameters, like the engine's notes: the app says them in the
 * planner's language (`issue.<CODE>` in src/i18n), the CLI and report.json carry the English text.
 * Every template names the file, the feature and the field.
 */
import type { InputIssue, IssueSeverity } from '../types';

/** English templates; `{name}` is a parameter, `{file}`, `{feature}`, `{field}` are the issue's own. */
export const ISSUE_TEMPLATES_EN = {
  FEATURE_NOT_OBJECT:
    '{file} feature {feature} (field {field}): the entry is {value}, not a GeoJSON Feature; left out',
  PROPERTIES_NOT_OBJECT:
    '{file} feature {feature} (field {field}): properties is a {kind} ({value}), not an object, so the household count cannot be read; building left out',
  PROPERTIES_IGNORED:
    '{file} feature {feature} (field {field}): properties is a {kind} ({value}), not an object; the feature is read without attributes',
  HOUSEHOLDS_IMPLAUSIBLE:
    '{file} feature {feature} (field {field}): {households} households in one building is more than the {ceiling} a building plausibly has; check the count (the building is kept)',
  SELF_INTERSECTION_PART:
    '{file} feature {feature} (field {field}): the footprint outline crosses itself; it was cut at the crossings into {parts} parts and the largest ({areaM2} m²) is used',
  SELF_INTERSECTION_HULL:
    '{file} feature {feature} (field {field}): the footprint outline crosses itself and could not be cut apart; its convex hull ({areaM2} m²) is used',
  SELF_INTERSECTION_POINT:
    '{file} feature {feature} (field {field}): the footprint outline crosses itself and has no area; the average of its corners is used as the building point',
  OUTLINE_SELF_INTERSECTS:
    '{file} feature {feature} (field {field}): the outline crosses itself; its area and what lies inside it are ambiguous, so the plan for it may be wrong: fix the outline',
  COMMUNITIES_OVERLAP:
    '{file} features {feature} ({first}) and {other} ({second}) (field {field}) overlap by {areaM2} m² ({ha} ha); {buildings} building(s) with {households} households there are counted in {first} only, and the new units of both would overlap',
  ROADS_LOOK_LIKE_BUILDINGS:
    '{file} feature {feature} (field {field}): {count} of {total} features are polygons with a household count, so this looks like a buildings file; it is not used as roads, rivers or walls',
  COORDINATES_SWAPPED:
    '{file} feature {feature} (field {field}): coordinate [{x}, {y}] reads as latitude, longitude (swapped); write longitude first, or choose "lat/lon swapped" when importing',
  TEXT_NOT_DECODABLE:
    '{file} feature {feature} (field {field}): "{value}" holds bytes the file\'s encoding cannot show (�); two different names may read as the same; save the file as UTF-8',
  ALL_OUTSIDE:
    '{file} feature {feature} (field {field}): none of the {count} buildings lies in any community of {communities}; check the coordinate system of both files',
} as const;

export type IssueCode = keyof typeof ISSUE_TEMPLATES_EN;
export type IssueParams = Record<string, string | number>;

/** An issue with its English message filled in from the template. */
export function inputIssue(
  severity: IssueSeverity,
  code: IssueCode,
  file: string,
  feature: string,
  field: string,
  params: IssueParams = {},
): InputIssue {
  const all: IssueParams = { ...params, file, feature, field };
  const message = ISSUE_TEMPLATES_EN[code].replace(/\{(\w+)\}/g, (m, name: string) =>
    all[name] === undefined ? m : String(all[name]),
  );
  return { severity, code, file, feature, field, params, message };
}

/** A short, printable picture of a bad value for a message: `null`, `"abc"`, `[1,2]`, … */
export function showValue(v: unknown): string {
  const s = v === undefined ? 'undefined' : JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

/** What kind of JSON value it is, in the planner's words. */
export function valueKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}
