/**
 * A dropped or picked file to text, refusing what cannot be a topics list before it reaches the
 * parser: too big to hold in memory, binary (a NUL byte early on: a spreadsheet, an image), or
 * not UTF-8. Guessing another encoding would silently turn "café" into "cafÃ©" in hundreds of
 * paid-for articles, so the message says how to fix the file instead.
 */
export const MAX_TOPICS_FILE_BYTES = 50 * 1024 * 1024;
const BINARY_SNIFF_BYTES = 8_192;

export type FileReading = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

/** Bytes read so far of the file's size, as a big file comes in. */
export type ReadingProgress = (loaded: number, total: number) => void;

export async function readTopicsFile(file: File, onProgress?: ReadingProgress): Promise<FileReading> {
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (file.size > MAX_TOPICS_FILE_BYTES) {
    return { ok: false, message: `${file.name} is ${mb(file.size)}; a topics file can be at most ${mb(MAX_TOPICS_FILE_BYTES)}. Split it into smaller files and run them one after another.` };
  }
  let bytes: Uint8Array;
  try {
    bytes = await readBytes(file, onProgress);
  } catch (error) {
    return { ok: false, message: `Could not read ${file.name}: ${error instanceof Error ? error.message : String(error)}. Check that the file still exists and try again.` };
  }
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (!utf16) {
    const nul = bytes.subarray(0, BINARY_SNIFF_BYTES).indexOf(0);
    if (nul !== -1) {
      return {
        ok: false,
        message: `${file.name} looks like a binary file, not text (a NUL byte at offset ${nul}). Choose a .csv, .tsv or .txt file; from a spreadsheet, save it as "CSV UTF-8" first.`,
      };
    }
  }
  try {
    return { ok: true, text: new TextDecoder(utf16 ?? 'utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return {
      ok: false,
      message: `${file.name} is not UTF-8 text (it is probably in an older encoding such as Windows-1252). Open it in a text editor or spreadsheet and save it as UTF-8, then load it again.`,
    };
  }
}

/** The file's bytes, read chunk by chunk so a big one reports its progress. */
async function readBytes(file: File, onProgress: ReadingProgress | undefined): Promise<Uint8Array> {
  if (!onProgress) return new Uint8Array(await file.arrayBuffer());
  const bytes = new Uint8Array(file.size);
  let loaded = 0;
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // A file that grew since it was picked: whatever fits is what was asked for.
    bytes.set(value.subarray(0, Math.max(0, bytes.length - loaded)), loaded);
    loaded += value.length;
    onProgress(Math.min(loaded, file.size), file.size);
  }
  return bytes.subarray(0, Math.min(loaded, file.size));
}
