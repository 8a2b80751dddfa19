// Checks what the bot sends with the platforms' own libraries, offline:
// Slack messages and views against @slack/types (by compiling them with TypeScript),
// Adaptive Cards with Microsoft's adaptivecards library (parse, then validate, with the
// Teams host config's limits), and Adaptive Card markdown rendered to HTML by markdown-it
// (CommonMark) with raw HTML and link detection on: the most any Teams client could make of it.
// Reads {"slack": {name: {kind, payload}}, "cards": {name: card}, "markdown": {name: text}}
// on stdin and writes {"slack": {name: [problem, ...]}, "cards": {name: [problem, ...]},
// "markdown": {name: html}} on stdout.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const ts = require("typescript");
const AC = require("adaptivecards/dist/adaptivecards.js");
const MarkdownIt = require("markdown-it");

// Microsoft Teams' host config allows 6 actions in a set (adaptivecards' default is 5):
// https://github.com/microsoft/AdaptiveCards/blob/main/samples/HostConfig/microsoft-teams-light.json
const TEAMS = new AC.HostConfig({ supportsInteractivity: true, actions: { maxActions: 6 } });

const TYPES = {
  message: "Message",
  modal: "ModalView",
  home: "HomeView",
};

function checkSlack(items) {
  const problems = {};
  const names = Object.keys(items);
  if (names.length === 0) return problems;
  const lines = [
    'import type { KnownBlock, ModalView, HomeView } from "@slack/types";',
    "type Message = { text: string; blocks?: KnownBlock[]; response_type?: \"ephemeral\" | \"in_channel\"; replace_original?: boolean };",
  ];
  const spans = [];
  let next = lines.length; // the file line the next declaration starts on (0-based)
  names.forEach((name, i) => {
    const { kind, payload } = items[name];
    const type = TYPES[kind];
    if (!type) throw new Error(`unknown kind ${kind} for ${name}`);
    const declaration = `export const p${i}: ${type} = ${JSON.stringify(payload, null, 1)};`;
    const height = declaration.split("\n").length;
    lines.push(declaration);
    spans.push([next, next + height - 1, name]);
    next += height;
    problems[name] = [];
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlgov-slack-"));
  const file = path.join(dir, "payloads.ts");
  fs.writeFileSync(file, lines.join("\n"));
  const types = path.dirname(require.resolve("@slack/types/package.json"));
  const program = ts.createProgram([file], {
    noEmit: true, strict: true, target: ts.ScriptTarget.ES2020, skipLibCheck: true,
    module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10,
    baseUrl: dir, paths: { "@slack/types": [types] }, types: [],
  });
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, " ");
    if (!d.file || d.file.fileName !== file) {
      throw new Error(`TypeScript could not check the payloads: ${message}`);
    }
    const line = d.file.getLineAndCharacterOfPosition(d.start).line;
    const span = spans.find(([from, to]) => line >= from && line <= to);
    (span ? problems[span[2]] : (problems["(file)"] = problems["(file)"] || [])).push(message);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return problems;
}

function checkCards(cards) {
  const problems = {};
  for (const [name, json] of Object.entries(cards)) {
    const found = [];
    if (json.type !== "AdaptiveCard") found.push(`type is ${json.type}, not AdaptiveCard`);
    const card = new AC.AdaptiveCard();
    card.hostConfig = TEAMS;
    const context = new AC.SerializationContext(new AC.Version(1, 5));
    card.parse(json, context);
    for (let i = 0; i < context.eventCount; i++) found.push(context.getEventAt(i).message);
    for (const event of card.validateProperties().validationEvents) found.push(event.message);
    problems[name] = found;
  }
  return problems;
}

function renderMarkdown(texts) {
  const md = new MarkdownIt({ html: true, linkify: true });
  md.linkify.set({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: true });
  const html = {};
  for (const [name, text] of Object.entries(texts)) html[name] = md.render(text);
  return html;
}

const input = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify({
  slack: checkSlack(input.slack || {}),
  cards: checkCards(input.cards || {}),
  markdown: renderMarkdown(input.markdown || {}),
}));
