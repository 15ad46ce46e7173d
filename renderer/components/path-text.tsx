/**
 * A file or folder path, shown exactly as main gave it. Paths are case-sensitive on Linux, so no
 * heading or label style may restyle one (`.path` in base.css undoes the inherited ones).
 */
export function PathText({ path, testId }: { readonly path: string; readonly testId?: string }) {
  return (
    <code className="path" data-testid={testId}>
      {path}
    </code>
  );
}
