/**
 * The bodies that publish case reviews, as documents name them: a local safeguarding board or
 * partnership with its place ("Kestrelford Safeguarding Children Partnership", "Ashcombe LSCB"),
 * a research centre or national body on a line of its own or after "published by", and a body's
 * acronym acting in the prose ("the SCP completed"). Never the generic phrase alone ("the Local
 * Safeguarding Children Board"), never a body that is the subject of a review. Used by meta.ts.
 */
/** Words that open a sentence or a phrase but never a body's name. */
const NOT_A_PLACE = new Set(
  'Safeguarding Children Childrens Adults Board Partnership The This That These Those Our Your Their Its A An Each Every Any All Local National Today When Whenever If As In On At By From For With Of To And Following After Before During Welcome Dear Please Contact Under While Whilst Since Where Why How What Which Who'.split(
    ' ',
  ),
);
const NAME_WORD = String.raw`(?:[A-Z][a-z][\w'’-]*|[A-Z]{2,})`;
const PLACE = String.raw`${NAME_WORD}(?:\s+(?:and\s+|&\s+)?${NAME_WORD}){0,4}`;
/** A local safeguarding body, named with its place: "Kestrelford Safeguarding Children Partnership". */
const LOCAL_BODY = new RegExp(
  String.raw`\b(${PLACE})\s+(?:(?:(?:Local\s+)?Safeguarding(?:\s+(?:Children(?:['’]s)?|Adults|Children\s+and\s+Adults))?|Children(?:['’]s)?(?:\s+Safeguarding)?)\s+(?:Board|Partnership|Partners)|Child\s+Protection\s+Committee|Public\s+Protection\s+(?:Committee|Partnership)|Community\s+Safety\s+Partnership)\b`,
  'g',
);
/** Words that make a capitalised phrase an organisation's name. */
const ORG_NOUN =
  /\b(Board|Partnership|Partners|Centre|Center|University|Institute|College|Council|Panel|NSPCC|Trust|Foundation|Commission|Government|Department|Inspectorate|Ofsted|Agency|Service|Network)\b/;
/** A body's acronym: LSCB, LSCP, SCP, SSP, ESCB, SAB. */
const ACRONYM = String.raw`[A-Z]{0,4}S(?:C|A)?[BP]`;
const CONNECTORS = /^(?:and|&|of|for|on|the|in)$/i;

/** Title-cases an all-capitals line so that its name reads as one: "CENTRE FOR RESEARCH ON X". */
export function fromCapitals(text: string): string {
  if (/[a-z]/.test(text)) return text;
  return text
    .toLowerCase()
    .replace(/\b[a-z][\w'’]*/g, (w, at: number) =>
      at > 0 && CONNECTORS.test(w) ? w : w[0]?.toUpperCase() + w.slice(1),
    );
}

/** Drops opening words that cannot begin a name ("When Kestrelford ..." -> "Kestrelford ..."). */
export function trimName(name: string): string | null {
  const words = name.replace(/\s+/g, ' ').trim().split(' ');
  while (words.length && (NOT_A_PLACE.has(words[0] ?? '') || CONNECTORS.test(words[0] ?? ''))) words.shift();
  return words.length ? words.join(' ') : null;
}

/** The local bodies named in `text`, with their place, in order; never the generic phrase alone. */
export function localBodies(text: string): { name: string; index: number }[] {
  const out: { name: string; index: number }[] = [];
  for (const m of text.matchAll(LOCAL_BODY)) {
    // "Kestrelford Council and Kestrelford Safeguarding Children Partnership": the last body only.
    const place = trimName(
      (m[1] ?? '')
        .split(/\b(?:Council|Police|Constabulary|Trust|NHS|Board|Partnership|Services?)\s+(?:and|&)\s+/)
        .pop() ?? '',
    );
    if (!place) continue;
    const name = m[0].slice(m[0].lastIndexOf(place.split(' ')[0] ?? '')).replace(/\s+/g, ' ');
    const index = (m.index ?? 0) + m[0].length - name.length;
    // A body that is the subject of a review or an inspection did not write the document.
    if (
      /\b(review|inspection|audit|evaluation) of (the )?$/i.test(text.slice(Math.max(0, index - 30), index))
    )
      continue;
    out.push({ name, index });
  }
  return out;
}

/** A line that is nothing but a body's name (a logo's words, a footer): the name, or null. */
export function bodyLine(text: string): string | null {
  const t = fromCapitals(text.replace(/\s*\([A-Z]{2,8}\)\s*$/, '').trim());
  if (t.length > 90 || /[.:;!?]$/.test(t) || !ORG_NOUN.test(t)) return null;
  const words = t.split(/\s+/);
  if (!words.every((w) => /^[A-Z&][\w'’&-]*,?$/.test(w) || CONNECTORS.test(w))) return null;
  const local = localBodies(t)[0];
  if (local) return trimName(t) === local.name ? local.name : null;
  return trimName(t) === t ? t : null;
}

/** A name written after "published by", "conducted by", "Response from", "©". */
const BY_NAME = new RegExp(
  String.raw`^(?:${NAME_WORD}|[A-Z][a-z]*['’]s)(?:[ \t]+(?:(?:and|&|of|for|on|the)[ \t]+)*(?:${NAME_WORD}|[A-Z][a-z]*['’]s))*`,
);
/** The phrases that put a name after them; the name itself is read case-sensitively (BY_NAME). */
const AUTHORSHIP =
  /\b(?:(?:published|produced|prepared|written|conducted|commissioned|issued|compiled|developed)\s+by|(?:a\s+)?response\s+(?:from|of|by)|on\s+behalf\s+of)\s+(?:the\s+)?|(?:©|\(c\)|\bcopyright\b)\s*(?:\d{4}\s+)?(?:the\s+)?/gi;

export function authorshipName(text: string): string | null {
  for (const m of text.matchAll(AUTHORSHIP)) {
    const name = trimName(BY_NAME.exec(text.slice((m.index ?? 0) + m[0].length))?.[0] ?? '');
    if (!name) continue;
    const local = localBodies(name)[0];
    if (local) return local.name;
    // A national body or a research centre: only when the phrase states it wrote the document.
    if (ORG_NOUN.test(name) || /^[A-Z]{3,}\b/.test(name))
      return name.replace(/\s+(?:and|&|of|for|on|the)$/i, '');
  }
  return null;
}

/** The first body acronym the prose names: "the LSCB completed", "Cumbria LSCB began" (not "the KSCP Protocol"). */
export function acronymBody(text: string): string | null {
  const acting = new RegExp(String.raw`(?<![(\w])(?:the|this|The|This)\s+(${ACRONYM})\b(?!\)|\s+[A-Z])`).exec(
    text,
  );
  let best = acting?.[1] && acting[1].length >= 3 ? { name: acting[1], index: acting.index } : null;
  for (const m of text.matchAll(new RegExp(String.raw`\b(${PLACE})\s+(${ACRONYM})\b(?!\)|\s+[A-Z])`, 'g'))) {
    const place = trimName(m[1] ?? '');
    if (!place || (m[2] ?? '').length < 3) continue;
    if (!best || (m.index ?? 0) < best.index) best = { name: `${place} ${m[2]}`, index: m.index ?? 0 };
    break;
  }
  return best?.name ?? null;
}
