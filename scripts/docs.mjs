// npm run docs: the bundled spec -> build/docs/, one self-contained offline HTML page (Redoc, inline bundle, a CSP
// that lets no request leave the page) plus the guides of docs/*.md as plain HTML pages linked from it.
// Deterministic: the same spec, template and guides give byte-identical files.
//
//   node scripts/docs.mjs                     build from generated/openapi.json (run `npm run bundle` first)
//   node scripts/docs.mjs --spec other.json   build from another bundled spec (a partial spec while paths are written)
//   node scripts/docs.mjs --if-stale          build only when the inputs changed since the last build
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { root, runTool } from "./tools.mjs";

export const docsDir = path.join(root, "build", "docs");
export const defaultSpecPath = path.join(root, "generated", "openapi.json");
const templatePath = path.join(root, "docs", "template", "offline.hbs");
/** The local server's development API (openapi/dev/, bundled by `npm run generate`), rendered as dev-api.html. */
export const devSpecPath = path.join(root, "server", "generated", "dev-openapi.json");
export const DEV_API_PAGE = "dev-api.html";
const guidesDir = path.join(root, "docs");
const STAMP = ".inputs-sha256";
const NAV_PLACEHOLDER = "<!--authy-guides-nav-->";

/** The guides the API page links to, in this order. Each must exist in docs/; other docs/*.md files follow. */
export const GUIDES = [
  { file: "quickstart.md", label: "Quickstart" },
  { file: "xml-format.md", label: "XML format" },
  { file: "errors.md", label: "Errors" },
  { file: "callbacks.md", label: "Callbacks and signatures" },
  { file: "migrating.md", label: "Migrating from the old SDKs" },
  { file: "local-server.md", label: "Local server" },
];

/** The same Content-Security-Policy as the API page: nothing leaves a guide page either. */
const CSP =
  "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval' blob:; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; worker-src blob:; connect-src blob: data:; base-uri 'none'; form-action 'none'";

// ---- markdown -> HTML (the subset the guides use) -----------------------------------------------------------------

export function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function slugify(text) {
  return text
    .toLowerCase()
    .replace(/<[^>]*>/g, "")
    .replace(/&[a-z]+;/g, "")
    .replace(/[^a-z0-9 _-]/g, "")
    .trim()
    .replace(/\s+/g, "-");
}

/** `guide.md#x` -> `guide.html#x` for relative links to another guide; everything else unchanged. */
function rewriteHref(href) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("#") || href.startsWith("/")) return href;
  return href.replace(/^(?:\.\/)?([\w.-]+)\.md(#.*)?$/, (_, name, hash = "") => `${name}.html${hash}`);
}

/** Inline markdown: `code`, [links](url), **bold**, *emphasis*; everything else escaped. */
export function renderInline(text) {
  const tokens = [];
  const keep = (html) => `\u0000${tokens.push(html) - 1}\u0000`;
  let out = text.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_, __, code) => keep(`<code>${escapeHtml(code.trim())}</code>`));
  out = out.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label, href) =>
    keep(`<a href="${escapeHtml(rewriteHref(href))}">${renderInline(label)}</a>`),
  );
  out = escapeHtml(out);
  out = out.replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, "<strong>$1</strong>");
  out = out.replace(/(^|[^*\w])\*(?=\S)([^*]*?\S)\*(?![*\w])/g, "$1<em>$2</em>");
  return out.replace(/\u0000(\d+)\u0000/g, (_, i) => tokens[Number(i)]);
}

const LIST_ITEM = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

function splitRow(line) {
  const cells = [];
  let cell = "";
  let inCode = false;
  const body = line.trim().replace(/^\|/, "").replace(/\|$/, "");
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === "\\" && body[i + 1] === "|") {
      cell += "|";
      i++;
    } else if (ch === "`") {
      inCode = !inCode;
      cell += ch;
    } else if (ch === "|" && !inCode) {
      cells.push(cell.trim());
      cell = "";
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

function isBlockStart(line) {
  return /^\s*(#{1,6}\s|```|>|\|)/.test(line) || LIST_ITEM.test(line) || /^\s*(-{3,}|\*{3,})\s*$/.test(line);
}

/** Block markdown: headings, paragraphs, nested lists, fenced code, tables, block quotes, rules. */
export function markdownToHtml(markdown) {
  return renderBlocks(markdown.replace(/\r\n?/g, "\n").split("\n")).join("\n");
}

function renderBlocks(lines) {
  const html = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === "") {
      i++;
      continue;
    }
    const fence = /^(\s*)(`{3,})\s*([\w+-]*)/.exec(line);
    if (fence) {
      const [, indent, ticks, lang] = fence;
      const body = [];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith(ticks)) {
        body.push(lines[i].startsWith(indent) ? lines[i].slice(indent.length) : lines[i].trimStart());
        i++;
      }
      i++; // closing fence
      const cls = lang ? ` class="language-${escapeHtml(lang)}"` : "";
      html.push(`<pre><code${cls}>${escapeHtml(body.join("\n"))}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const level = heading[1].length;
      const content = renderInline(heading[2]);
      html.push(`<h${level} id="${slugify(content)}">${content}</h${level}>`);
      i++;
      continue;
    }
    if (/^\s*(-{3,}|\*{3,})\s*$/.test(line)) {
      html.push("<hr>");
      i++;
      continue;
    }
    if (/^\s*>/.test(line)) {
      const quoted = [];
      while (i < lines.length && /^\s*>/.test(lines[i])) quoted.push(lines[i++].replace(/^\s*>\s?/, ""));
      html.push(`<blockquote>\n${renderBlocks(quoted).join("\n")}\n</blockquote>`);
      continue;
    }
    if (line.trim().startsWith("|") && i + 1 < lines.length && TABLE_SEPARATOR.test(lines[i + 1])) {
      const header = splitRow(line);
      const aligns = splitRow(lines[i + 1]).map((c) => (c.endsWith(":") ? (c.startsWith(":") ? "center" : "right") : ""));
      i += 2;
      const rows = [];
      while (i < lines.length && lines[i].trim().startsWith("|")) rows.push(splitRow(lines[i++]));
      const cell = (tag, text, col) =>
        `<${tag}${aligns[col] ? ` style="text-align:${aligns[col]}"` : ""}>${renderInline(text)}</${tag}>`;
      html.push(
        [
          "<table>",
          `<thead><tr>${header.map((h, c) => cell("th", h, c)).join("")}</tr></thead>`,
          "<tbody>",
          ...rows.map((r) => `<tr>${header.map((_, c) => cell("td", r[c] ?? "", c)).join("")}</tr>`),
          "</tbody>",
          "</table>",
        ].join("\n"),
      );
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const baseIndent = item[1].length;
      const ordered = /\d/.test(item[2]);
      const items = [];
      while (i < lines.length) {
        const m = LIST_ITEM.exec(lines[i]);
        if (!m || m[1].length !== baseIndent || /\d/.test(m[2]) !== ordered) break;
        const contentIndent = m[1].length + m[2].length + 1;
        const body = [m[3]];
        i++;
        let blankBefore = false;
        while (i < lines.length) {
          const next = lines[i];
          if (next.trim() === "") {
            blankBefore = true;
            i++;
            continue;
          }
          const indent = next.length - next.trimStart().length;
          if (indent > baseIndent) {
            if (blankBefore) body.push("");
            body.push(next.slice(Math.min(indent, contentIndent)));
          } else if (!blankBefore && !isBlockStart(next)) {
            body.push(next.trim()); // lazy continuation of the item's paragraph
          } else break;
          blankBefore = false;
          i++;
        }
        if (blankBefore) i--; // leave the blank line for the caller
        const blocks = renderBlocks(body);
        // A single paragraph renders without <p>, like a tight markdown list.
        const inner =
          blocks.length >= 1 && blocks[0].startsWith("<p>")
            ? [blocks[0].slice(3, -4), ...blocks.slice(1)].join("\n")
            : blocks.join("\n");
        items.push(`<li>${inner}</li>`);
        while (i < lines.length && lines[i].trim() === "" && LIST_ITEM.test(lines[i + 1] ?? "")) i++;
      }
      const start = ordered && Number.parseInt(item[2], 10) !== 1 ? ` start="${Number.parseInt(item[2], 10)}"` : "";
      html.push(ordered ? `<ol${start}>\n${items.join("\n")}\n</ol>` : `<ul>\n${items.join("\n")}\n</ul>`);
      continue;
    }
    const paragraph = [];
    while (i < lines.length && lines[i].trim() !== "" && (paragraph.length === 0 || !isBlockStart(lines[i]))) {
      paragraph.push(lines[i++].trim());
    }
    html.push(`<p>${renderInline(paragraph.join("\n"))}</p>`);
  }
  return html;
}

// ---- pages ---------------------------------------------------------------------------------------------------------

const GUIDE_CSS = `
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; }
main { max-width: 860px; margin: 0 auto; padding: 8px 24px 48px; }
nav.authy-guides { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 18px; padding: 10px 20px;
  background: #32329f; color: #fff; font-size: 14px; }
nav.authy-guides a { color: #fff; }
nav.authy-guides a[aria-current] { font-weight: 700; text-decoration: none; }
h1, h2, h3 { line-height: 1.25; }
code { font: 0.9em/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; background: #f2f2f5;
  padding: 1px 4px; border-radius: 3px; }
pre { background: #263238; color: #eceff1; padding: 12px 14px; overflow-x: auto; border-radius: 4px; }
pre code { background: none; padding: 0; color: inherit; }
table { border-collapse: collapse; margin: 12px 0; font-size: 0.92em; }
th, td { border: 1px solid #d0d0d8; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f2f2f5; }
blockquote { margin: 12px 0; padding: 4px 16px; border-left: 4px solid #32329f; background: #f7f7fb; }
`;

function navHtml(guides, current) {
  const link = (href, label) =>
    `<a href="${href}"${current === href ? ' aria-current="page"' : ""}>${escapeHtml(label)}</a>`;
  const links = [
    link("index.html", "API reference"),
    link(DEV_API_PAGE, "Local server dev API"),
    ...GUIDES.map((g) => {
      const built = guides.find((b) => b.file === g.file);
      return built ? link(built.html, built.label) : `<span title="docs/${g.file} is missing">${escapeHtml(g.label)} (missing)</span>`;
    }),
    ...guides.filter((b) => !GUIDES.some((g) => g.file === b.file)).map((b) => link(b.html, b.label)),
  ];
  return `<nav class="authy-guides" aria-label="Guides"><strong>Guides</strong>${links.join("")}</nav>`;
}

function guidePage({ title, body, nav, specTitle }) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(specTitle)}</title>
<style>${GUIDE_CSS}</style>
</head>
<body>
${nav}
<main>
${body}
</main>
</body>
</html>
`;
}

/** The fixed GUIDES that docs/ lacks (the page then shows them unlinked, and the docs test fails). */
export function missingGuides() {
  return GUIDES.filter((g) => !existsSync(path.join(guidesDir, g.file))).map((g) => `docs/${g.file}`);
}

/** Every guide to render: the fixed GUIDES that exist first, then any other docs/*.md by name. */
export function listGuides() {
  const present = readdirSync(guidesDir)
    .filter((f) => f.endsWith(".md"))
    .sort();
  const extra = present.filter((f) => !GUIDES.some((g) => g.file === f));
  const fixed = GUIDES.filter((g) => present.includes(g.file));
  return [...fixed, ...extra.map((file) => ({ file, label: undefined }))].map((g) => {
    const markdown = readFileSync(path.join(guidesDir, g.file), "utf8");
    const firstHeading = /^#\s+(.+)$/m.exec(markdown)?.[1]?.trim();
    return {
      ...g,
      markdown,
      html: g.file.replace(/\.md$/, ".html"),
      title: firstHeading ?? g.label ?? g.file,
      label: g.label ?? firstHeading ?? g.file,
    };
  });
}

function inputsHash(specText, guides) {
  const hash = createHash("sha256");
  const redoclyVersion = JSON.parse(readFileSync(path.join(root, "node_modules", "@redocly", "cli", "package.json"), "utf8")).version;
  for (const part of [
    redoclyVersion,
    readFileSync(new URL(import.meta.url), "utf8"),
    readFileSync(templatePath, "utf8"),
    specText,
    existsSync(devSpecPath) ? readFileSync(devSpecPath, "utf8") : "",
    ...guides.flatMap((g) => [g.file, g.markdown]),
  ]) {
    hash.update(part).update("\u0000");
  }
  return hash.digest("hex");
}

/** True when build/docs was built from exactly these inputs (spec, template, guides, this script, Redocly). */
export function docsAreFresh(specPath = defaultSpecPath) {
  const stampFile = path.join(docsDir, STAMP);
  if (!existsSync(stampFile) || !existsSync(path.join(docsDir, "index.html")) || !existsSync(specPath)) return false;
  try {
    return readFileSync(stampFile, "utf8").trim() === inputsHash(readFileSync(specPath, "utf8"), listGuides());
  } catch {
    return false;
  }
}

/** Builds build/docs/ from a bundled spec. Returns the output folder. */
export function buildDocs({ specPath = defaultSpecPath } = {}) {
  if (!existsSync(specPath)) {
    throw new Error(`${path.relative(root, specPath)} does not exist: run \`npm run bundle\` first`);
  }
  const specText = readFileSync(specPath, "utf8");
  const spec = JSON.parse(specText);
  const guides = listGuides();
  const missing = missingGuides();
  if (missing.length) process.stderr.write(`warning: guides linked from the API page are missing: ${missing.join(", ")}\n`);
  const specTitle = spec.info?.title ?? "API";

  // Build next to the target and swap it in, so a reader (npm start, a test) never sees a half-written folder.
  mkdirSync(path.dirname(docsDir), { recursive: true });
  const tmp = path.join(path.dirname(docsDir), `.docs-${process.pid}-${Date.now()}`);
  mkdirSync(tmp, { recursive: true });
  try {
    const indexFile = path.join(tmp, "index.html");
    runTool("redocly", ["build-docs", specPath, "--inlineBundle", "-t", templatePath, "-o", indexFile], { capture: true });
    let page = readFileSync(indexFile, "utf8");
    if (!page.includes(NAV_PLACEHOLDER)) throw new Error(`${path.relative(root, templatePath)} lacks ${NAV_PLACEHOLDER}`);
    if (/import\s*\{\s*hydrate\s*\}\s*from\s*["']https?:/.test(page) || !page.includes("Content-Security-Policy")) {
      throw new Error("build-docs did not produce a self-contained page with a Content-Security-Policy");
    }
    if (!page.includes('"disableTelemetry":true')) throw new Error("the page was built with Redoc telemetry enabled");
    page = page.replace(NAV_PLACEHOLDER, navHtml(guides, "index.html"));
    writeFileSync(indexFile, page);
    // Beside the Authy reference: the local server's development API, same template, same CSP, same navigation.
    const devFile = path.join(tmp, DEV_API_PAGE);
    runTool("redocly", ["build-docs", devSpecPath, "--inlineBundle", "-t", templatePath, "-o", devFile], { capture: true });
    writeFileSync(devFile, readFileSync(devFile, "utf8").replace(NAV_PLACEHOLDER, navHtml(guides, DEV_API_PAGE)));
    for (const guide of guides) {
      const body = markdownToHtml(guide.markdown);
      writeFileSync(
        path.join(tmp, guide.html),
        guidePage({ title: guide.title, body, nav: navHtml(guides, guide.html), specTitle }),
      );
    }
    writeFileSync(path.join(tmp, STAMP), `${inputsHash(specText, guides)}\n`);

    const old = `${tmp}-old`;
    if (existsSync(docsDir)) renameSync(docsDir, old);
    renameSync(tmp, docsDir);
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return docsDir;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const specIndex = args.indexOf("--spec");
  const specPath = specIndex >= 0 ? path.resolve(args[specIndex + 1] ?? "") : defaultSpecPath;
  if (args.includes("--if-stale") && docsAreFresh(specPath)) {
    console.log(`${path.relative(root, docsDir)}/ is up to date`);
  } else {
    buildDocs({ specPath });
    console.log(`built ${path.relative(root, docsDir)}/index.html and ${listGuides().length} guides`);
  }
}
