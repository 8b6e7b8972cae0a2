// The one way page scripts make elements: text only ever goes in as textContent, never as markup
// (stream text is data: ARCHITECTURE's XSS policy).

/** A new element with an optional class and text. */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}
