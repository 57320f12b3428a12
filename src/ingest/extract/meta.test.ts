import { describe, expect, it } from 'vitest';
import { readHtml } from '../readers/html.ts';
import { readMarkdown } from '../readers/markdown.ts';
import { readPlainText } from '../readers/plain-text.ts';
import { datesIn } from './dates.ts';
import { extractMeta, type DocumentMeta } from './meta.ts';
import { structure } from './structure.ts';

/** The document details of a fictional text, read as a plain-text (or markdown) file. */
function meta(
  lines: string[],
  options: { markdown?: boolean; html?: boolean; metaTitle?: string } = {},
): DocumentMeta {
  const text = lines.join('\n');
  const read = options.html ? readHtml(text) : options.markdown ? readMarkdown(text) : readPlainText(text);
  return extractMeta(structure(read), read.text, options.metaTitle ?? read.metaTitle);
}

describe('document title', () => {
  it('skips site navigation and a section label above a web page title', () => {
    const m = meta([
      'Skip to content',
      '',
      'Our work and resources',
      '',
      'Learning briefing: Baby M – Head injury',
      '',
      'What happened',
      '',
      '  • Baby M was a 6-week-old baby living with both parents in temporary accommodation.',
      '  • Baby M was taken to hospital by ambulance with a head injury.',
    ]);
    expect(m.title).toBe('Learning briefing: Baby M – Head injury');
    expect(m.kind).toBe('learning-briefing');
    expect(m.publisher).toBeNull();
    expect(m.date).toBeNull();
  });

  it('ignores a breadcrumb and takes the page heading that names documents', () => {
    const m = meta([
      'You are here: Home | Ashcombe LSCB | Training | Training',
      '',
      'Training',
      '',
      'Case Review Learning Leaflets',
      '',
      'Whenever the ASP carries out a case review one of its aims is to share the learning with agencies and practitioners.',
      '',
      'These leaflets summarise the learning from serious and local case reviews (NSPCC 2019).',
    ]);
    expect(m.title).toBe('Case Review Learning Leaflets');
    // A page listing leaflets is an index, not a briefing; the acronym acting in its prose is the publisher.
    expect(m.kind).toBe('other');
    expect(m.publisher).toBe('ASP');
  });

  it('joins a title set over two lines with its case, and does not take the logo lines', () => {
    const m = meta([
      'Harbourside Safeguarding',
      'Children Partnership',
      '',
      'Learning from Case Reviews',
      '',
      'Baby R',
      '',
      'This presentation sets out:',
      '',
      '- The case history',
      '- Findings and learning',
      '- The Partnership’s response',
      '',
      'Case history',
      '',
      '- In March 2019 mother moved to a refuge with Baby R and her older brother, who was then aged three.',
    ]);
    expect(m.title).toBe('Learning from Case Reviews: Baby R');
    expect(m.publisher).toBe('Harbourside Safeguarding Children Partnership');
    expect(m.kind).toBe('presentation');
    // A date in the case history is not the document's date.
    expect(m.date).toBeNull();
  });

  it('has no title when the text opens with prose or with a numbered section', () => {
    expect(
      meta([
        'Today, Ashcombe Safeguarding Children Partnership will publish a Child Safeguarding Practice Review into the death of a baby.',
        '',
        'The review explores the services the family received.',
      ]).title,
    ).toBeNull();
    expect(
      meta([
        '1. Purpose',
        '',
        'The purpose of this report is:',
        '',
        '· To advise Board members of the findings of the three serious case reviews completed by the partnership in 2018',
        '· To set out the themes that emerged from the reviews.',
      ]).title,
    ).toBeNull();
  });

  it('takes the study’s name under a kind label, and a cover sheet’s Title field', () => {
    const m = meta(
      [
        '# RESEARCH BRIEFING',
        '# KEEPING INFANTS SAFE: AN ANALYSIS OF RAPID REVIEWS 2019-2022',
        '',
        'INSTITUTE FOR CHILD WELFARE STUDIES',
        '',
        '#### JANUARY 2020 - JUNE 2022',
        '',
        'A rapid review is undertaken by the Local Safeguarding Children Board (LSCB) when a child is seriously harmed. This study analysed every rapid review about an infant notified in the period.',
      ],
      { markdown: true },
    );
    expect(m.title).toBe('KEEPING INFANTS SAFE: AN ANALYSIS OF RAPID REVIEWS 2019-2022');
    expect(m.publisher).toBe('Institute for Child Welfare Studies');
    // The study's period is a range, not a publication date.
    expect(m.date).toBeNull();
    expect(m.kind).toBe('research-briefing');

    const cover = meta([
      'Report to: Westbrook Safeguarding Children Partnership Executive',
      'Title: Learning from local reviews 2023',
      '',
      'Board members are asked to note the themes of the four reviews completed this year and the actions taken.',
    ]);
    expect(cover.title).toBe('Learning from local reviews 2023');
    expect(cover.kind).toBe('board-report');
  });

  it('uses a metadata title only when the text has none, and never one that is a file name', () => {
    const prose = [
      'The partnership commissioned this review after the death of a young person known to several agencies.',
    ];
    expect(meta(prose, { metaTitle: 'Learning from Child K | Kestrelford SCP' }).title).toBe(
      'Learning from Child K',
    );
    expect(meta(prose, { metaTitle: 'CSPR_Child_K_final_v3' }).title).toBeNull();
    expect(meta(prose, { metaTitle: 'Microsoft Word - Child K overview.docx' }).title).toBeNull();
  });
});

describe('document publisher', () => {
  it('reads the body from an authorship phrase, with every partner it names', () => {
    const m = meta([
      'Keeping learning alive Overview of learning from case reviews in Eastmoor 2010-2015',
      '',
      'This report brings together key learning from 30 case reviews completed in Eastmoor over five years, with the themes they share.',
      '',
      'This research was conducted by NSPCC and Kestrel University researchers',
      '',
      'Year: 2016',
    ]);
    expect(m.publisher).toBe('NSPCC and Kestrel University');
    expect(m.date).toBe('2016');
    expect(m.kind).toBe('research-briefing');
  });

  it('never takes a generic phrase, a body under review, or a national body merely mentioned', () => {
    expect(
      meta([
        'Thematic learning',
        '',
        'The Local Safeguarding Children Board asked every agency to take part. This is a review of the Ashcombe Safeguarding Children Partnership’s arrangements for neglect, written by an independent reviewer.',
      ]).publisher,
    ).toBeNull();
    expect(
      meta([
        'Racism and safeguarding',
        '',
        'In March 2024 the National Child Safeguarding Practice Review Panel published its thematic review on race and culture in practice.',
        '',
        'Settings should use the KSCP Escalation Protocol when they disagree with a decision.',
      ]).publisher,
    ).toBeNull();
  });

  it('falls back to a copyright line at the foot of the document', () => {
    const m = meta([
      'Bruising in babies',
      '',
      'Any bruise on a baby who is not yet mobile needs a safeguarding response from the practitioner who sees it.',
      '',
      '© 2023 Westbrook Safeguarding Children Partnership',
    ]);
    expect(m.publisher).toBe('Westbrook Safeguarding Children Partnership');
  });

  it('keeps only the safeguarding body when another body is named with it', () => {
    const m = meta([
      'Neglect strategy update',
      '',
      'Westbrook Council and Westbrook Safeguarding Children Partnership agreed a joint strategy for neglect last year.',
    ]);
    expect(m.publisher).toBe('Westbrook Safeguarding Children Partnership');
  });
});

describe('document date', () => {
  it('takes a news item’s dateline, in the American order too', () => {
    const m = meta([
      'Child M - Serious Case Review',
      '',
      'Tuesday, March 5, 2019',
      '',
      'The final report of the Serious Case Review (SCR) in relation to Child M has now been published.',
      '',
      'A number of recommendations were made, and the KSCP and partner agencies have progressed them since June 2018.',
    ]);
    expect(m.date).toBe('2019-03-05');
    expect(m.kind).toBe('other');
    expect(m.publisher).toBe('KSCP');
    expect(m.title).toBe('Child M - Serious Case Review');
  });

  it('takes a month under or beside the title, and a date that closes a subtitle', () => {
    expect(
      meta([
        'Learning from Kestrelford Reviews',
        '',
        'Practice Learning Briefing - May 2022',
        '',
        'Welcome to the second edition of this briefing, which shares what our recent reviews found.',
      ]).date,
    ).toBe('2022-05');
    expect(
      meta(
        [
          '# Safeguarding Adults Review: Adult P',
          '',
          '_Eastmoor Safeguarding Adults Board — Executive summary, published 3 October 2023_',
          '',
          'Adult P was a 70-year-old man who lived alone.',
        ],
        { markdown: true },
      ).date,
    ).toBe('2023-10-03');
  });

  it('does not take an update date, dates in prose, or the dates of a list of entries', () => {
    expect(
      meta([
        'Early help guide',
        '',
        'Last updated: 4 May 2022',
        '',
        'Reports were published in August 2021 and are available below for twelve months.',
      ]).date,
    ).toBeNull();
    const index = meta([
      '7 Minute Briefings',
      'Seven-minute briefings share what we have learnt from local and national reviews, for team meetings and self-guided learning.',
      '12 May 2024',
      'Neglect',
      'This 7-minute briefing summarises the findings of our neglect audit and what the partnership will do next.',
      '3 April 2024',
      'Exploitation',
      'This 7-minute briefing summarises the findings of a local review about a young person who was exploited.',
      '3 April 2024',
      'Home education',
      'This 7-minute briefing summarises national learning about children educated at home.',
    ]);
    expect(index.date).toBeNull();
    expect(index.title).toBe('7 Minute Briefings');
    expect(index.kind).toBe('other');
  });

  it('reads datelines in the common written forms', () => {
    expect(datesIn('Thursday 3rd of March 2022').map((d) => d.date)).toEqual(['2022-03-03']);
    expect(datesIn('Sept. 2020 | 14/06/2017 | 2017-06').map((d) => d.date)).toEqual([
      '2020-09',
      '2017-06-14',
      '2017-06',
    ]);
    // Periods and invalid days are not dates.
    expect(datesIn('2011-2014, 2024/25, 31 February 2021')).toEqual([]);
  });
});

describe('document kind', () => {
  it('reads a board response from its subtitle, whatever its headings repeat', () => {
    const lines = [
      'June 2021',
      '',
      '## Serious Case Review in relation to Child T',
      '',
      'Response from Kestrelford Local Safeguarding Children Board (LSCB)',
      '',
    ];
    for (const n of [1, 2, 3])
      lines.push(
        `### Theme ${n}: Working with fathers`,
        '',
        '### How will we know',
        '',
        'A multi-agency audit in spring will test whether fathers are assessed.',
        '',
      );
    const m = meta(lines, { markdown: true });
    expect(m).toEqual({
      title: 'Serious Case Review in relation to Child T',
      publisher: 'Kestrelford Local Safeguarding Children Board',
      date: '2021-06',
      kind: 'board-response',
    });
  });

  it('treats a notice of publication as other, even when it lists themes', () => {
    const m = meta([
      'Publication of Concise Child Practice Review Report: CPR ASHCOMBE 3',
      '',
      'The Chair of the Ashcombe Safeguarding Children Board commissioned a Concise Child Practice Review following the death of a baby.',
      '',
      'The review found good communication between agencies. An action plan has been formulated and is being monitored by the Board.',
    ]);
    expect(m.kind).toBe('other');
    expect(m.publisher).toBe('Ashcombe Safeguarding Children Board');
  });

  it('knows guides, single briefings, registers and case summaries', () => {
    expect(
      meta([
        'One Minute Guide: Bruising in babies who are not yet mobile',
        '',
        'Any bruise on a baby who cannot move independently must be referred to children’s social care.',
      ]).kind,
    ).toBe('learning-briefing');
    expect(
      meta([
        '7 Minute Briefing: Child H',
        '',
        '1. Background',
        '',
        'Child H was 15 when she was exploited by older males who groomed her online.',
      ]).kind,
    ).toBe('seven-minute-briefing');
    expect(
      meta([
        'Child D',
        '',
        'In a recent review the following lessons were identified. Practitioners should discuss these lessons in their teams.',
        '',
        'Learning Point',
        '',
        'Families should understand every plan that is agreed about their children.',
      ]).kind,
    ).toBe('learning-briefing');
    const register = meta([
      'Serious Case Reviews (SCRs)',
      '',
      'The partnership conducts reviews of cases that meet the criteria in national guidance, and publishes them for twelve months.',
      '',
      ' Case  Overview Report  Learning Brief',
      ' Child A  Published 3 June 2016  Published 1 May 2016',
      ' Child B  No longer published  Published 9 March 2017',
    ]);
    expect(register.kind).toBe('other');
    expect(register.date).toBeNull();
    expect(
      meta([
        'Serious case review into the death of a 4-month-old baby in 2019. The baby died from head injuries caused by his father.',
        'Key findings',
        '- Fathers were not assessed in pre-birth planning.',
      ]).kind,
    ).toBe('case-summary');
  });
});

describe('front pages', () => {
  it('reads an overview report’s cover: logo line, title over two lines, author and publication fields, contents', () => {
    const m = meta([
      'OFFICIAL',
      '',
      'Kestrelford Safeguarding Children Partnership',
      '',
      'Child Safeguarding Practice Review',
      '',
      'Child K',
      '',
      'Overview Report',
      '',
      'Author: Jane Smith',
      '',
      'Published: March 2023',
      '',
      'Contents',
      '1. Introduction .......... 3',
      '',
      '1. Introduction',
      '1.1 This review was commissioned by the partnership after Child K, aged 15, was seriously injured in 2021.',
    ]);
    expect(m).toEqual({
      title: 'Child Safeguarding Practice Review: Child K',
      publisher: 'Kestrelford Safeguarding Children Partnership',
      date: '2023-03',
      kind: 'overview-report',
    });
  });

  it('keeps a kind label with the case it names, and reads a body’s acronym after its place', () => {
    const m = meta([
      '7 Minute Briefing',
      '',
      'Child H',
      '',
      '1. Background',
      'Child H was 15 when she was exploited by older males; Harbourside LSCB commissioned a local review.',
    ]);
    expect(m.title).toBe('7 Minute Briefing: Child H');
    expect(m.kind).toBe('seven-minute-briefing');
    expect(m.publisher).toBe('Harbourside LSCB');
  });

  it('reads a news page: its heading rather than the page title, its posting date, and that it announces a publication', () => {
    const m = meta(
      [
        '<html><head><title>Ashcombe publishes review into death of Baby L | Ashcombe SCP</title></head><body>',
        '<nav><a href="/">Home</a> | <a href="/news">News</a></nav><main>',
        '<h1>Review into the death of Baby L</h1><p>Posted on 3 May 2023</p>',
        '<p>Ashcombe Safeguarding Children Partnership has today published a Child Safeguarding Practice Review into the death of Baby L, who was seven weeks old.</p>',
        '<p>The review found that agencies did not share what they knew about the father.</p></main></body></html>',
      ],
      { html: true },
    );
    expect(m).toEqual({
      title: 'Review into the death of Baby L',
      publisher: 'Ashcombe Safeguarding Children Partnership',
      date: '2023-05-03',
      kind: 'other',
    });
  });

  it('takes the page heading under a site section, and a title under a kind label for an audience', () => {
    const page = meta([
      'Kestrel Learning',
      'National case review repository',
      'Reviews published this month',
      'Summaries of local reviews added to the repository this month, each with a link to the full report.',
    ]);
    expect(page.title).toBe('Reviews published this month');
    expect(page.kind).toBe('other');
    const guide = meta([
      'One-minute guide for early years settings',
      '',
      'No. 4: What local reviews tell us about bruising',
      '',
      'Eastmoor Safeguarding Children Partnership – Early Years Team',
      '',
      'Over the last year the partnership completed two reviews in which a baby was bruised before a serious injury.',
    ]);
    expect(guide.title).toBe('No. 4: What local reviews tell us about bruising');
    expect(guide.kind).toBe('learning-briefing');
    expect(guide.publisher).toBe('Eastmoor Safeguarding Children Partnership');
  });

  it('does not take the addressee line of a board report, or a kind label with two modifiers, as the title', () => {
    const report = meta([
      'Wyebridge Safeguarding Children Partnership',
      '',
      'Report to the Partnership Board, 10 March 2025',
      '',
      'Thematic review: children missing education',
      '',
      '1. Purpose',
      '',
      '1.1 This report summarises the themes of three local reviews and asks the Board to agree its priorities.',
    ]);
    expect(report.title).toBe('Thematic review: children missing education');
    expect(report.date).toBe('2025-03-10');
    expect(report.kind).toBe('board-report');
    const briefing = meta([
      'Wyebridge Safeguarding Children Partnership',
      '',
      'Practice learning briefing',
      '',
      'Child P – Partnership Learning Review',
      '',
      'October 2024',
      '',
      'Child P was 9 when she was placed in foster care after years of neglect at home.',
    ]);
    expect(briefing.title).toBe('Child P – Partnership Learning Review');
    expect(briefing.date).toBe('2024-10');
    expect(briefing.kind).toBe('learning-briefing');
  });

  it('knows a slide pack by its running title, not by role headings a web page repeats', () => {
    const slides = ['Learning from a local review', ''];
    for (const part of ['History', 'Analysis of practice', 'Findings', 'Recommendations'])
      slides.push(
        `Local Review: Child Z ${part}`,
        '',
        '- Point one about the case and what agencies did',
        '',
      );
    expect(meta(slides).kind).toBe('presentation');
    const page = ['Child W', '', 'A local review looked at how agencies worked together for Child W.', ''];
    for (let n = 0; n < 3; n++)
      page.push(
        'Learning Point',
        '',
        'Practitioners should ask carers directly what support they need.',
        '',
        'How to enhance your practice',
        '',
        'Read the guidance on kinship care.',
        '',
      );
    expect(meta(page).kind).toBe('learning-briefing');
  });

  it('does not take a running header for the title', () => {
    const lines: string[] = [];
    for (let page = 1; page <= 3; page++)
      lines.push(
        'Kestrelford SCP – Child J review – Final',
        '',
        ...(page === 1 ? ['Serious Case Review', '', 'Child J', ''] : []),
        `Paragraph ${page}: practitioners did not see Child J at home for several months, and no one asked why.`,
        '',
      );
    expect(meta(lines).title).toBe('Serious Case Review: Child J');
  });

  it('believes what a briefing says it is over a mention that the review was published', () => {
    const m = meta([
      'Child V',
      '',
      'The review into the death of Child V has now been published. This briefing sets out the learning for practitioners in every agency.',
    ]);
    expect(m.kind).toBe('learning-briefing');
  });

  it('reads past a saved page’s menu to its heading', () => {
    const m = meta([
      '- Home',
      '- Our reviews',
      '- Training',
      '',
      'Learning briefing: Child F',
      '',
      'Child F was 14 when he was seriously injured after months of missing school.',
    ]);
    expect(m.title).toBe('Learning briefing: Child F');
    expect(m.kind).toBe('learning-briefing');
  });

  it('reads a byline that closes on its date, and never takes a sentence for the title', () => {
    const m = meta([
      'Case review summaries: spring 2025',
      '',
      'Published by the Eastmoor Safeguarding Children Partnership, April 2025.',
      '',
      'Each month we summarise newly published case reviews from across the region, with links to the full reports.',
    ]);
    expect(m.date).toBe('2025-04');
    expect(m.publisher).toBe('Eastmoor Safeguarding Children Partnership');
    const story = meta([
      'Child K died at home after a fall in March 2019.',
      '',
      'Agencies had known the family for several years, and the school had raised concerns about his weight.',
    ]);
    expect(story.title).toBeNull();
    expect(story.date).toBeNull();
  });

  it('takes a long document titled as a review for the review’s own report, a short one not', () => {
    const head = [
      'Ashcombe Safeguarding Children Partnership',
      '',
      'Child Safeguarding Practice Review: Child N',
      '',
    ];
    const paragraph =
      'Practitioners saw Child N often but did not ask what daily life at home was like, and the family moved twice in a year.';
    const long = meta([...head, ...Array.from({ length: 300 }, () => [paragraph, '']).flat()]);
    expect(long.kind).toBe('overview-report');
    expect(meta([...head, paragraph]).kind).toBe('other');
  });
});
