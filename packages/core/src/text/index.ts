export { decodeUtf8, describeNotUtf8 } from "./utf8Text.js";
export { DEFAULT_MAX_LINE_BYTES, TextInputError, type Utf8LinesOptions, utf8Lines } from "./utf8Lines.js";
