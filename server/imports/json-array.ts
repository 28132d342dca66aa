// The elements of a top-level JSON array, one at a time, each as its JSON text with the
// line it starts on, so a file of any size streams (JSON.parse would need it all in
// memory). Only the nesting is tracked here — strings, escapes, brackets; each element's
// text is then checked by JSON.parse.
import { ImportError } from './errors.ts';

export async function* jsonArrayElements(text: AsyncIterable<string>, max: number): AsyncGenerator<{ line: number; text: string }> {
  let line = 1;
  let started = false; // the opening [ was seen
  let ended = false;
  let depth = 0; // inside the array: 0 between elements
  let inString = false;
  let escaped = false;
  let element = '';
  let elementLine = 0;
  for await (const chunk of text) {
    let from = -1; // where the current element starts in this chunk
    if (depth > 0 || (element && !ended)) from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 10) line++;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) inString = false;
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (ended) throw new ImportError(`Line ${line}: text after the end of the JSON array.`, line, 'bad_json');
      if (!started) {
        if (c !== 91) throw new ImportError(`Line ${line}: a JSON file to import must be an array of objects, starting with "[".`, line, 'bad_json');
        started = true;
        continue;
      }
      if (depth === 0) {
        if (c === 44 /* , */) {
          if (!element) throw new ImportError(`Line ${line}: an empty element in the array.`, line, 'bad_json');
          element = '';
          continue;
        }
        if (c === 93 /* ] */) {
          ended = true;
          continue;
        }
        if (element) throw new ImportError(`Line ${line}: a comma is missing between two elements.`, line, 'bad_json');
        if (c !== 123) throw new ImportError(`Line ${line}: each element of the array must be a JSON object, like {"id": 1}.`, line, 'bad_json');
        elementLine = line;
        from = i;
      }
      if (c === 34) inString = true;
      else if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        depth--;
        if (depth === 0) {
          element += chunk.slice(from, i + 1);
          from = -1;
          yield { line: elementLine, text: element };
          element = ' '; // a marker: an element was read, a comma must come next
        }
      }
    }
    if (from >= 0 && depth > 0) element += chunk.slice(from);
    if (element.length > max) throw new ImportError(`Line ${elementLine}: an element longer than ${Math.round(max / 1024 / 1024)} M characters.`, elementLine, 'bad_json');
  }
  if (!started) return;
  if (depth > 0 || inString || !ended) throw new ImportError(`Line ${line}: the JSON array is not closed (the file ends inside it).`, line, 'bad_json');
}
