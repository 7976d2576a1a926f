import { describe, expect, it } from 'vitest';
import { renderLessonMarkdown } from './workshop-markdown';

describe('renderLessonMarkdown', () => {
  it('renders the Markdown a lesson uses', () => {
    const html = renderLessonMarkdown('# Routing\n\nSend **all** traffic to `v1`:\n\n```yaml\nkind: VirtualService\n```\n\n- one\n- two');
    expect(html).toContain('<h1>Routing</h1>');
    expect(html).toContain('<strong>all</strong>');
    expect(html).toContain('<code>v1</code>');
    expect(html).toContain('<pre><code class="language-yaml">kind: VirtualService');
    expect(html).toContain('<li>one</li>');
  });

  it('escapes a <script> element instead of emitting it', () => {
    const html = renderLessonMarkdown('Hello <script>alert(1)</script>');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('escapes an <img onerror> so no attribute reaches the page', () => {
    const html = renderLessonMarkdown('<img src=x onerror="alert(1)">');
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  });

  it('escapes raw HTML blocks and inline tags', () => {
    const html = renderLessonMarkdown('<div style="position:fixed">over</div>\n\ntext <iframe src="https://example.com"></iframe>');
    expect(html).not.toMatch(/<div|<iframe/i);
    expect(html).toContain('&lt;div style=&quot;position:fixed&quot;&gt;');
  });

  it('refuses javascript:, vbscript: and data: links, keeping their text', () => {
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'vbscript:msgbox(1)', 'data:text/html,<script>alert(1)</script>']) {
      const html = renderLessonMarkdown(`[click](${href})`);
      expect(html, href).not.toContain('<a');
      expect(html, href).toContain('click');
    }
  });

  it('refuses a javascript: image source too', () => {
    expect(renderLessonMarkdown('![x](javascript:alert(1))')).not.toMatch(/<img/i);
  });

  it('opens web links outside the page without an opener', () => {
    const html = renderLessonMarkdown('[the task](https://istio.io/latest/docs/tasks/traffic-management/request-routing/)');
    expect(html).toContain('<a href="https://istio.io/latest/docs/tasks/traffic-management/request-routing/" target="_blank" rel="noopener noreferrer">the task</a>');
  });
});
