/**
 * Web-page and file chrome that survives when a page is saved or printed: navigation, breadcrumbs,
 * "Skip to content", publication stamps without a date, download prompts, comment links,
 * accessibility notices. It is never an item, a title or a section of its own.
 */
const CHROME = [
  /^skip to (main )?content$/i,
  /^you are here\b/i,
  /^home\s*[>|»›/]/i,
  /^(home|menu|search|back to top|print( this page)?|share( this page)?|share on \w+)$/i,
  /^(published|last updated|updated( on)?|posted( on)?|date published|document resources|related (documents|pages|links|content)|downloads?|attachments?|tags?|categories|filed under)\s*:?$/i,
  /^leave a (comment|reply)$/i,
  /^(published|updated|last updated|posted|reviewed|issued)( on)?:?\s+(\d{1,2}(st|nd|rd|th)?\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(19|20)\d{2}$/i,
  /\b(these|this) files? (may|might) not be suitable for users of assistive technology\b/i,
  /^(to download|you can download|download) (this|the) (document|report|briefing|file|leaflet)s?\b.*\b(below|here)\.?$/i,
  /^(please )?click (here|the link|on the link)\b/i,
  /\b(can|may) be (downloaded|found|accessed|viewed|read) (here|below|at the link below|via the link below|on (our|the) website)\.?$/i,
  /^(view|read|download|open) (the )?[\w ’'-]{0,60}\b(report|briefing|leaflet|summary|document|here)\.?$/i,
  /^(view|read|download|open)\b.{0,80}\((pdf|docx?|word|xlsx?|[\d.]+\s*[km]b)[^)]*\)$/i,
  /^you can (read|view|find) (the|this) (full )?(report|briefing|review)\b.*\.$/i,
  /^(was this page (useful|helpful)|cookies?( settings| policy)?|accept (all )?cookies)\b/i,
];

/** True when a block's whole text is page or file chrome. */
export function isChrome(text: string): boolean {
  const t = text.trim();
  return t.length <= 160 && CHROME.some((re) => re.test(t));
}

/** "Keywords: ...", "Author: ...", "Year: 2013": a page's fields, never a section or an item. */
const FIELD_LINE =
  /^(keywords?|key words|authors?|year|date|published( on| by)?|publisher|type|category|categories|tags?|format|pages|isbn|reference|ref|updated|review date)\s*:\s*\S/i;

export function isFieldLine(text: string): boolean {
  return FIELD_LINE.test(text.trim());
}
