// Renders a lesson pack's Markdown (lesson bodies, instructions, hints) to HTML that is safe to
// put in the page: packs come from other authors, so raw HTML is escaped (html: false) and links
// to javascript:, vbscript:, file: and data: are refused (markdown-it's validateLink). Links open
// outside the app's page, without handing it an opener.

import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

const renderLinkOpen = markdown.renderer.rules.link_open ?? ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  const token = tokens[index]!;
  token.attrSet('target', '_blank');
  token.attrSet('rel', 'noopener noreferrer');
  return renderLinkOpen(tokens, index, options, env, self);
};

/** The HTML of `source`; nothing in it runs script or carries the author's own tags. */
export function renderLessonMarkdown(source: string): string {
  return markdown.render(source);
}
