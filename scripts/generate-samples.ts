/**
 * Generates the PDF and DOCX sample documents in samples/documents from the specifications
 * below. Fictional partnerships, places and people only. Run with `npm run samples`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDocx, writePdf, type DocSpec } from './document-writers.ts';

const OUT = join(import.meta.dirname, '../samples/documents');

const sevenMinuteBriefing: DocSpec = {
  title: 'Seven-minute briefing: Baby R',
  pageNumbers: true,
  blocks: [
    { kind: 'heading', level: 1, text: '7-minute briefing: Baby R' },
    {
      kind: 'paragraph',
      text: 'Ashcombe Vale Safeguarding Children Partnership, September 2023. A Rapid Review into serious harm to a baby aged 5 weeks.',
    },
    { kind: 'heading', level: 2, text: '1. Background' },
    {
      kind: 'paragraph',
      text: 'Baby R, a girl aged 5 weeks, was taken to hospital by ambulance with a skull fracture and older rib fractures. Her parents were both 19. Her father had been in care as a child and had a history of violence towards a previous partner.',
    },
    { kind: 'heading', level: 2, text: '2. Why it matters' },
    {
      kind: 'paragraph',
      text: 'Babies under one are the age group most likely to be seriously harmed or killed through abuse. Any injury to a baby who cannot move independently needs a safeguarding response.',
    },
    { kind: 'heading', level: 2, text: '3. Key learning' },
    {
      kind: 'bullet',
      text: "A small bruise on Baby R's cheek at 3 weeks was seen by a GP, who accepted that it was caused by a dummy clip.",
    },
    {
      kind: 'bullet',
      text: 'The father was not included in antenatal appointments and his history was not known to midwives.',
    },
    {
      kind: 'bullet',
      text: 'The young parents were isolated and had little help with a baby who cried for long periods.',
    },
    { kind: 'heading', level: 2, text: '4. What we have done' },
    { kind: 'bullet', text: 'Relaunched the bruising in non-mobile babies protocol with GP practices.' },
    {
      kind: 'bullet',
      text: "Added a question about fathers' own care history to the midwifery booking form.",
    },
    { kind: 'heading', level: 2, text: '5. What we want you to do' },
    {
      kind: 'bullet',
      text: "Refer every bruise on a non-mobile baby to children's social care, whatever the explanation.",
    },
    { kind: 'bullet', text: 'Ask to see fathers and male carers, and record what you know about them.' },
    { kind: 'heading', level: 2, text: '6. Questions to consider' },
    {
      kind: 'paragraph',
      text: 'How do you make sure that fathers are part of your assessment? What support do you offer parents who are struggling with a crying baby?',
    },
    { kind: 'heading', level: 2, text: '7. Find out more' },
    {
      kind: 'paragraph',
      text: 'The full Rapid Review summary and the protocol are on the partnership website.',
    },
  ],
};

const actionPlan: DocSpec = {
  title: 'Child H: multi-agency action plan',
  blocks: [
    {
      kind: 'heading',
      level: 1,
      text: 'Child Safeguarding Practice Review: Child H – multi-agency action plan',
    },
    {
      kind: 'paragraph',
      text: 'Kestrelford Safeguarding Children Partnership. Action plan agreed by the executive in December 2023; progress updated quarterly by the Learning and Improvement Subgroup.',
    },
    { kind: 'heading', level: 2, text: 'Actions' },
    {
      kind: 'table',
      header: true,
      rows: [
        ['Recommendation', 'Action', 'Owner', 'Deadline', 'RAG'],
        [
          'H1',
          'Add the health visiting single point of contact to the police domestic abuse notification list.',
          'Kestrelford Police',
          'March 2024',
          'Green',
        ],
        [
          'H1',
          'Audit 30 notifications to check they reached the health visitor within one working day.',
          'Quality Assurance Subgroup',
          'Autumn 2024',
          'Amber',
        ],
        [
          'H2',
          'Introduce a transfer summary that travels with the case between teams.',
          "Children's Social Care",
          'by end of January 2024',
          'Green',
        ],
        [
          'H2',
          'Agree with Valley Housing Association how tenancy notices for families with a child on a plan are shared.',
          'Valley Housing Association',
          'June 2024',
          'Red',
        ],
        [
          'H3',
          'Each agency to self-assess its supervision policy against the partnership standard.',
          'All partner agencies',
          'June 2024',
          'Amber',
        ],
      ],
    },
    { kind: 'heading', level: 2, text: 'How we will know it has made a difference' },
    {
      kind: 'bullet',
      text: 'Case file audits show a transfer summary on every case that moved between teams.',
    },
    { kind: 'bullet', text: 'A practitioner survey shows supervision actions are followed up.' },
  ],
};

writeFileSync(join(OUT, 'ashcombe-baby-r-seven-minute-briefing.pdf'), await writePdf(sevenMinuteBriefing));
writeFileSync(join(OUT, 'kestrelford-child-h-action-plan.docx'), await writeDocx(actionPlan));
console.log(`wrote 2 sample documents to ${OUT}`);
