import {
  escapeMarkup,
  removeXmlForbiddenCharacters,
  replaceMarkupCharacters,
} from "../articles/text.ts";

/** An element of a document we render; `undefined` or `false` children are skipped. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string | undefined>>;
  readonly content: string | readonly XmlChild[];
}

export type XmlChild = XmlElement | undefined | false;

/** An element with child elements. */
export function element(
  name: string,
  attributes: Readonly<Record<string, string | undefined>>,
  children: readonly XmlChild[],
): XmlElement {
  return { name, attributes, content: children };
}

/** An element holding text, which is escaped when the document is written. */
export function textElement(
  name: string,
  text: string,
  attributes: Readonly<Record<string, string | undefined>> = {},
): XmlElement {
  return { name, attributes, content: text };
}

/**
 * Writes a UTF-8 XML 1.0 document, indented by two spaces. Text and attribute values are always
 * escaped (never CDATA: a `]]>` in the text cannot end anything), and characters XML forbids
 * are dropped, so no seed text can create markup.
 */
export function renderXmlDocument(root: XmlElement, options: XmlWriterOptions = {}): string {
  const lines = ['<?xml version="1.0" encoding="utf-8"?>'];
  const escapeText =
    options.references === "hexadecimal" ? escapeWithHexReferences : escapeWithNamedEntities;
  writeElement(root, 0, lines, escapeText);
  return `${lines.join("\n")}\n`;
}

function writeElement(
  node: XmlElement,
  depth: number,
  lines: string[],
  escapeText: (text: string) => string,
): void {
  const indent = "  ".repeat(depth);
  const open = `${indent}<${node.name}${writeAttributes(node.attributes, escapeText)}`;
  if (typeof node.content === "string") {
    lines.push(
      node.content === "" ? `${open}/>` : `${open}>${escapeText(node.content)}</${node.name}>`,
    );
    return;
  }
  const children = node.content.filter((child): child is XmlElement => Boolean(child));
  if (children.length === 0) {
    lines.push(`${open}/>`);
    return;
  }
  lines.push(`${open}>`);
  for (const child of children) writeElement(child, depth + 1, lines, escapeText);
  lines.push(`${indent}</${node.name}>`);
}

function writeAttributes(
  attributes: Readonly<Record<string, string | undefined>>,
  escapeText: (text: string) => string,
): string {
  let out = "";
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) out += ` ${name}="${escapeText(value)}"`;
  }
  return out;
}

export interface XmlWriterOptions {
  /**
   * `hexadecimal` writes `&#x26;` `&#x3C;` `&#x3E;` `&#x22;` instead of `&amp;` `&lt;` `&gt;`
   * `&quot;`: the RSS Best Practices Profile asks for it, because RSS readers disagree on
   * whether named entities in plain-text elements are text or markup.
   */
  readonly references?: "named" | "hexadecimal";
}

function escapeWithNamedEntities(text: string): string {
  return escapeMarkup(removeXmlForbiddenCharacters(text));
}

function escapeWithHexReferences(text: string): string {
  return replaceMarkupCharacters(
    removeXmlForbiddenCharacters(text),
    "&#x26;",
    "&#x3C;",
    "&#x3E;",
    "&#x22;",
  );
}
