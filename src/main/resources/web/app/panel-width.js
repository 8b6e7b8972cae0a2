// Which panel widths are worth telling the server (docs/VIEWER-WIDTH.md). Pure: no DOM, no socket.
//
// The server cuts a snapshot to the told width (M4: up to four real points per pixel column). A
// panel that turns out narrower than told already holds every point its own columns need (the
// panel reduces further when it draws), so a new snapshot would only resend the window: tell it
// only when the panel is wider than told (more detail is needed) or less than half as wide (the
// next snapshots would carry more than twice the points it can show).

export const MAX_WIDTH = 8192;

/** A width in CSS px as the contract takes it (1..8192), or 0 for anything else. */
export function validWidth(px) {
  const width = Math.round(Number(px));
  return width >= 1 && width <= MAX_WIDTH ? width : 0;
}

/** Whether a panel drawn at `width` px should tell the server, which cuts for `told` px (0: whole snapshots). */
export function widthWorthTelling(told, width) {
  if (!width || told === width) {
    return false;
  }
  if (!told) {
    return true;
  }
  return width > told || width * 2 < told;
}
