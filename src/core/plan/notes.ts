/**
 * What the engine tells the planner about a community: why it cannot be split, and what it did that
 * the planner should know. Each note is a code with parameters, so the app can say it in the
 * planner's language, and carries its English text for the CLI and report.json.
 */

/** An indivisible piece of a community named in a note. */
export interface Piece {
  kind: 'compound' | 'compound-part' | 'building';
  id: string;
  households: number;
}

export type NoteParams = Record<string, string | number | Piece[]>;

/** English templates; `{name}` is replaced by the parameter (piece lists are written out). */
export const NOTE_TEMPLATES_EN = {
  'too-few-households':
    '{households} households is too few to split: two units need at least {twoMin} (it stays one community)',
  'no-k-fits':
    '{households} households cannot be split into units of {min}–{max}: no whole number of units fits ({households}/{max} = {perMax}, {households}/{min} = {perMin})',
  'fixed-k-out-of-range':
    'the fixed number of units {k} is outside the feasible range {lo}–{hi} for {households} households',
  'forced-group':
    '{pieces} can only reach the rest of the community through each other, so they must share one unit of {households} households, over the maximum {max}',
  'compound-over-max':
    'compound {compound} has {households} households in one block (over {max}) with no internal road to split it along',
  'building-over-max': 'building {building} alone has {households} households, over {max}',
  'no-grouping':
    'its households are in {count} indivisible pieces ({pieces}), and no grouping of them makes {ks} connected units of {min}–{max} households (checked exhaustively)',
  'no-split-found':
    'no split into {k} connected units of {min}–{max} households was found, nor with {others} units',
  'no-split-found-single':
    'no split into {k} connected units of {min}–{max} households was found, and no other number of units fits',
  'internal-check': 'internal check failed: {message}',
  'engine-message': '{message}',
  'compound-split-buildings':
    'compound {compound} has {households} households (over {max}); it is split between its buildings into {parts} parts ({units}); adding its internal roads or walls to the data would let the cut follow them',
  'compound-split-group':
    'compound {compound} ({households} households) is in a group of compounds that must share one unit of over {max}; it is split between its buildings into {parts} parts ({units}); adding its internal roads or walls to the data would let the cut follow them',
  'compound-split-roads':
    'compound {compound} has {households} households (over {max}); it is split along its internal roads into {parts} parts ({units})',
  'forced-group-split':
    'a group of compounds that can only reach the rest of the community through each other exceeds {max} households; to plan it, {compounds} may be cut between their buildings',
  'building-over-max-unit':
    'building {building} alone has {households} households, over the maximum {max}: it is unit {unit} of its own (flagged); the rest of the community is split within the bounds',
  'compound-scattered':
    'compound {compound} lies in separate places (not contiguous); its parts are planned separately',
  'buildings-joined':
    '{count} building(s) share their point with another building and were joined to the nearest group: {buildings}',
  'segments-unused':
    '{failed} of {total} road/boundary segments could not be used as edges (road features: {features})',
  'detached-piece':
    'a piece of the community ({area} m², {households} households, near {x} m E, {y} m N of the district centre) touches the rest only at a point; it joins the unit of its nearest neighbour, which is then in separate pieces',
  'grown-split': 'the tree search found no split; the units were found by region growing and then refined',
} as const;

export type NoteCode = keyof typeof NOTE_TEMPLATES_EN;

export interface PlanNote {
  code: NoteCode;
  params: NoteParams;
  /** English text, as in the CLI's output and report.json. */
  text: string;
}

/** Fills a template: numbers and strings as they are, piece lists through `pieces`. */
export function fillTemplate(
  template: string,
  params: NoteParams,
  pieces: (list: Piece[]) => string,
  number: (v: number) => string = String,
): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    if (v === undefined) return m;
    if (Array.isArray(v)) return pieces(v);
    return typeof v === 'number' ? number(v) : v;
  });
}

export function pieceTextEn(p: Piece): string {
  const what = p.kind === 'building' ? 'building' : p.kind === 'compound' ? 'compound' : 'part of compound';
  return `${what} ${p.id} (${p.households})`;
}

export function note(code: NoteCode, params: NoteParams = {}): PlanNote {
  const text = fillTemplate(NOTE_TEMPLATES_EN[code], params, (list) => list.map(pieceTextEn).join(', '));
  return { code, params, text };
}

/** A note about a community: a reason it cannot be split, or a warning. */
export interface CommunityNote extends PlanNote {
  severity: 'infeasible' | 'warning';
}
