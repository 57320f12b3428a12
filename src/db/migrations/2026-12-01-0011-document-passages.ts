import { sql, type Kysely } from 'kysely';

// Passages: each document's text in pieces of about a paragraph or a few, for search. A search
// ranks documents as before, then shows (and links to) the passage where the words are, instead
// of cutting a window out of a whole report. Derived from the text: store exports leave them out.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table document_passages (
      id bigint generated always as identity primary key,
      document_id uuid not null references documents (id) on delete cascade,
      position integer not null,
      span_start integer not null,
      span_end integer not null,
      text text not null,
      search tsvector generated always as (to_tsvector('english', text)) stored,
      check (span_start >= 0 and span_end > span_start),
      unique (document_id, position)
    )`.execute(db);
  await sql`create index document_passages_search on document_passages using gin (search) with (fastupdate = off)`.execute(
    db,
  );

  // Documents stored before now. This cut is frozen here (a migration must not change with the
  // code): paragraphs, joined up to 600 characters, long ones cut at a space. Imports from now on
  // cut by the reader's blocks (ingest/passages.ts); both are valid passages of the same text.
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await sql<{ id: string; text: string }>`
      select id, text from documents where id > ${after}::uuid order by id limit 50`.execute(db);
    if (rows.length === 0) break;
    for (const doc of rows) {
      const spans = frozenPassages(doc.text);
      if (spans.length === 0) continue;
      await sql`
        insert into document_passages (document_id, position, span_start, span_end, text)
        select ${doc.id}::uuid, p.n - 1, p.s, p.e, p.t
        from unnest(${spans.map((s) => s[0])}::int[], ${spans.map((s) => s[1])}::int[],
          ${spans.map((s) => doc.text.slice(s[0], s[1]))}::text[]) with ordinality as p(s, e, t, n)`.execute(
        db,
      );
    }
    after = rows.at(-1)?.id ?? after;
  }
}

function frozenPassages(text: string): [number, number][] {
  const pieces: [number, number][] = [];
  for (const m of text.matchAll(/\S[\s\S]*?(?=\n\s*\n|$)/g)) {
    let start = m.index;
    const end = m.index + m[0].length;
    while (end - start > 1500) {
      const space = text.lastIndexOf(' ', start + 1500);
      const cut = space > start + 750 ? space + 1 : start + 1500;
      pieces.push([start, cut]);
      start = cut;
    }
    pieces.push([start, end]);
  }
  const passages: [number, number][] = [];
  for (const piece of pieces) {
    const last = passages.at(-1);
    if (last && last[1] - last[0] < 600 && piece[1] - last[0] <= 1500) last[1] = piece[1];
    else passages.push([...piece]);
  }
  return passages;
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table document_passages`.execute(db);
}
