import Markdown from 'react-markdown';
import type { Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import '../../styles/article.css';

/**
 * A finished article rendered as Markdown (GFM tables, lists, task lists). Raw HTML in the model's
 * output is dropped, not rendered: the text is untrusted. Images are shown as their alt text so a
 * preview never fetches a remote URL, and links open outside the app.
 */
const COMPONENTS: Components = {
  img: ({ alt }) => <span className="article-image">[image: {alt || 'no description'}]</span>,
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ),
};

export function ArticlePreview({ text }: { readonly text: string }) {
  return (
    <article className="article-preview" data-testid="article-preview">
      <Markdown remarkPlugins={[remarkGfm]} skipHtml components={COMPONENTS}>
        {text}
      </Markdown>
    </article>
  );
}
