import { describe, expect, it } from 'vitest';
import { describeBlocks } from '../../../test/helpers/blocks.ts';
import { readHtml } from './html.ts';

describe('readHtml', () => {
  it('keeps the main content and drops scripts, navigation, banners and footers', () => {
    const read =
      readHtml(`<!doctype html><html><head><title>Learning from Child V</title><script>track()</script></head>
      <body><nav><a href="/">Home</a> <a href="/reviews">Reviews</a></nav>
      <div class="cookie-banner">We use cookies</div>
      <main><header><h1>Learning from Child V</h1></header>
        <p>Child V was <strong>four</strong> years old.<br>She lived with her mother.</p>
        <h2>Key learning</h2>
        <ul><li>Plans lacked outcomes<ul><li>and timescales</li></ul></li><li>Escalation was not used</li></ul>
        <table><tr><th>Action</th><th>Owner</th></tr><tr><td>Revise the escalation policy</td><td>Policy subgroup</td></tr></table>
        <div>Loose text in a div.</div>
      </main><footer>© Partnership</footer><style>p{}</style></body></html>`);
    expect(read.metaTitle).toBe('Learning from Child V');
    expect(describeBlocks(read)).toEqual([
      'h1 Learning from Child V',
      'p Child V was four years old. She lived with her mother.',
      'h2 Key learning',
      'li0 - Plans lacked outcomes',
      'li1 - and timescales',
      'li0 - Escalation was not used',
      'tr Action | Owner',
      'tr Revise the escalation policy | Policy subgroup',
      'p Loose text in a div.',
    ]);
    expect(read.text).not.toMatch(/cookies|Home|track|©/);
  });
});
