/**
 * Alt text that is a file name (WCAG 1.1.1 Non-text Content, A): an image whose text
 * alternative is a file name ("IMG_0042.jpg", "hero-banner_v2.png", or its own file's name)
 * tells nothing of what it shows; content management systems and editors fill the alt that way
 * when nobody writes one. Images hidden from assistive technologies are not checked.
 */
import type { CheckFinding, OwnCheck } from "./own-check";
import { evaluate, inPageScript } from "./in-page";

const SOURCE = String.raw`
const EXTENSION = /\.(a?png|jpe?g|jfif|gif|svg|webp|bmp|ico|tiff?|avif|heic)$/i;
const CAMERA = /^(img|dsc|dscn|dscf|dcim|pxl|mvimg|image|photo|pic|screenshot|screen shot|capture)[-_ ]?\d[\d_ -]*$/i;
const found = [];
for (const image of document.querySelectorAll('img, input[type="image" i], area, [role="img"]')) {
  if (cs.isHidden(image) && image.localName !== "area") continue;
  const name = cs.nameOf(image);
  if (!name) continue;
  const source = image.getAttribute("src") || image.getAttribute("href") || "";
  let file = "";
  try {
    file = decodeURIComponent(new URL(source, document.baseURI).pathname.split("/").pop() || "");
  } catch {}
  const stem = file.replace(EXTENSION, "");
  const isFileName =
    EXTENSION.test(name) ||
    CAMERA.test(name) ||
    (stem.length > 0 && (name === file || (name === stem && /[_\d]|-\S*-/.test(stem))));
  if (!isFileName) continue;
  found.push({
    selector: cs.selectorOf(image),
    html: cs.htmlOf(image),
    summary: "The image's text alternative \"" + name + "\" is a file name, not a description of what the image shows or does.",
  });
}
return found;
`;

export const altTextFileNameCheck: OwnCheck = {
  id: "clearsight-alt-text-file-name",
  help: "Images must not have a file name as their text alternative",
  async run(_page, { cdp }) {
    const found = (await evaluate(cdp, inPageScript(SOURCE))) as Array<Omit<CheckFinding, "impact" | "kind">>;
    return found.map((finding) => ({ ...finding, kind: "violation", impact: "serious" }));
  },
};
