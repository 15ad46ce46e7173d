import type { RunSettings } from '../../shared/domain/settings.ts';
import { renderTemplate } from '../../shared/template.ts';
import type { ChatMessage, ChatRequest } from '../providers/provider.ts';

/** The input of one task as the engine needs it. `prompt`, when set, replaces the rendered template (a per-task edit). */
export interface RunTask {
  readonly id: string;
  readonly index: number;
  readonly topic: string;
  readonly vars: Readonly<Record<string, string>>;
  readonly prompt?: string;
}

/** The user prompt of a task: its own edited prompt, or the run's template filled with its row. */
export function taskPrompt(settings: RunSettings, task: RunTask): string {
  return task.prompt ?? renderTemplate(settings.promptTemplate, { ...task.vars, topic: task.topic });
}

export function taskMessages(settings: RunSettings, task: RunTask): ChatMessage[] {
  const user: ChatMessage = { role: 'user', content: taskPrompt(settings, task) };
  return settings.systemPrompt.trim() ? [{ role: 'system', content: settings.systemPrompt }, user] : [user];
}

export function taskRequest(settings: RunSettings, task: RunTask): ChatRequest {
  return { model: settings.model, messages: taskMessages(settings, task), maxTokens: settings.maxTokens, temperature: settings.temperature };
}
