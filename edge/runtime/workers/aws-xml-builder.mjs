/**
 * workerd has no DOMParser, which the browser build of the AWS SDK's XML parser needs (bundlers pick
 * it through the package's "browser" field), so S3 answers such as CreateMultipartUpload could not be
 * read. wrangler.toml aliases the package to this module, which re-exports its portable parser
 * (plain JS: the package ships no types for these deep paths).
 */
export { XmlNode } from "@aws-sdk/xml-builder/dist-es/XmlNode.js";
export { XmlText } from "@aws-sdk/xml-builder/dist-es/XmlText.js";
export { parseXML } from "@aws-sdk/xml-builder/dist-es/xml-parser.js";
