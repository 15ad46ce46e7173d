/**
 * Phrases that mark an article as a refusal or an unfilled template rather than an article. Matched
 * without regard to case (and to straight or curly apostrophes), as whole words where they begin or
 * end with a letter; a phrase in capitals only, such as TODO, matches only in capitals, so that "a
 * todo app" is not a placeholder. Users edit the list per run.
 */
export const DEFAULT_BANNED_PHRASES: readonly string[] = [
  'As an AI language model',
  'As an AI assistant',
  "I'm sorry, but I can't",
  "I'm sorry, but I cannot",
  'I cannot',
  "I can't assist",
  "I can't help with",
  'I am unable to',
  "I'm unable to",
  'Lorem ipsum',
  '[insert',
  '[your ',
  '{{',
  'TODO',
  'TBD',
];
