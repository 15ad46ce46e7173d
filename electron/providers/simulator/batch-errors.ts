import type { BatchLineError } from './batch-input.ts';
import type { ErrorReply } from './openai-errors.ts';
import { reply } from './openai-errors.ts';

/** The Files and Batches endpoints' own errors, in OpenAI's body shape and wording. */

const ORGANIZATION = 'org-sim';

export function fileNotFound(id: string): ErrorReply {
  return reply(404, `No such File object: ${id}`, 'invalid_request_error', null, 'id');
}

export function batchNotFound(id: string): ErrorReply {
  return reply(404, `No batch found with id '${id}'.`, 'invalid_request_error', null, 'id');
}

export function notMultipart(): ErrorReply {
  return reply(400, "Upload the file as multipart/form-data with the fields 'file' and 'purpose'.", 'invalid_request_error', null);
}

export function onlyBatchPurpose(purpose: string): ErrorReply {
  return reply(400, `The simulator stores files for the Batch API only: purpose must be 'batch', got '${purpose}'.`, 'invalid_request_error', 'invalid_value', 'purpose');
}

export function notJsonl(filename: string): ErrorReply {
  return reply(400, `Invalid file format for Batch API. Must be .jsonl (got '${filename}').`, 'invalid_request_error', 'invalid_value', 'file');
}

export function fileTooLarge(bytes: number | null, limit: number): ErrorReply {
  const size = bytes === null ? 'The file is' : `The file is ${bytes} bytes,`;
  return reply(400, `${size} over the Batch API's limit of ${limit} bytes. Split the requests into several files.`, 'invalid_request_error', 'file_too_large', 'file');
}

export function inputNotForBatch(id: string, purpose: string): ErrorReply {
  return reply(400, `File ${id} has purpose '${purpose}'; a batch's input file must be uploaded with purpose 'batch'.`, 'invalid_request_error', 'invalid_value', 'input_file_id');
}

export function cannotCancel(id: string, status: string): ErrorReply {
  return reply(400, `Batch ${id} cannot be cancelled: its status is '${status}'. Only a validating or in-progress batch can be.`, 'invalid_request_error', null);
}

export function badListLimit(limit: string): ErrorReply {
  return reply(400, `Invalid 'limit': expected a whole number between 1 and 100, got '${limit}'.`, 'invalid_request_error', 'invalid_value', 'limit');
}

/** The validation failure of a batch that would put more tokens in the model's queue than allowed. */
export function tokenLimitExceeded(model: string, limit: number): BatchLineError {
  return {
    code: 'token_limit_exceeded',
    message: `Enqueued token limit reached for ${model} in organization ${ORGANIZATION}. Limit: ${limit.toLocaleString('en-US')} enqueued tokens. Please try again once some in_progress batches have been completed.`,
    param: null,
    line: null,
  };
}
