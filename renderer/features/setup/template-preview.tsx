import { useMemo } from 'react';
import { checkTemplate, renderTemplate } from '../../../shared/template.ts';
import { usePacer } from '../../store/store-context.tsx';

/**
 * The prompt exactly as the first topic will send it: the same shared renderTemplate the engine
 * uses. Template errors show here, inline; before any topics are loaded only syntax errors count,
 * since a `{{column}}` may yet come with the file.
 */
export function TemplatePreview({ template, systemPrompt }: { readonly template: string; readonly systemPrompt: string }) {
  const parsed = usePacer((s) => s.topicsReading.parsed);
  const preview = useMemo(() => {
    const error = checkTemplate(template, parsed?.columns ?? []);
    const premature = !parsed && (error?.code === 'unknown_variable' || error?.code === 'ambiguous_variable');
    if (error && !premature) return { kind: 'error', message: error.message } as const;
    const first = parsed?.tasks[0];
    if (!first || template.trim() === '') return { kind: 'empty' } as const;
    return { kind: 'ok', text: renderTemplate(template, first.vars), topic: first.topic } as const;
  }, [template, parsed]);

  if (preview.kind === 'error') {
    return (
      <p className="message-error" role="alert" data-testid="template-error">
        {preview.message}
      </p>
    );
  }
  if (preview.kind === 'empty') {
    return (
      <p className="template-preview muted" data-testid="template-preview-empty">
        Add topics to see the prompt the first one will send.
      </p>
    );
  }
  return (
    <figure className="template-preview" data-testid="template-preview">
      <figcaption>
        Preview for the first topic, <q>{preview.topic}</q>
      </figcaption>
      {systemPrompt.trim() !== '' ? (
        <pre className="preview-system" data-testid="template-preview-system">
          {systemPrompt}
        </pre>
      ) : null}
      <pre className="preview-user" data-testid="template-preview-text">
        {preview.text}
      </pre>
    </figure>
  );
}
