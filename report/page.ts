// The report's page: a shell the script fills from data.js. Plain HTML and CSS, no framework.
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const CSS = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1d232b; background: #f6f7f9; }
header { background: #1d232b; color: #fff; padding: 12px 24px; }
header a { color: #9cc4ff; }
main { padding: 16px 24px; max-width: 1400px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 16px; }
.card { background: #fff; border: 1px solid #dde1e6; border-radius: 6px; padding: 10px 14px; min-width: 140px; }
.card b { display: block; font-size: 20px; }
table { border-collapse: collapse; background: #fff; margin: 8px 0 16px; }
th, td { border: 1px solid #dde1e6; padding: 4px 8px; text-align: left; vertical-align: top; }
tr.row { cursor: pointer; } tr.row:hover { background: #eef4ff; }
.failed { color: #b3261e; } .errored { color: #8a4b00; } .success { color: #1e7b34; }
.filters { display: flex; gap: 8px; flex-wrap: wrap; margin: 8px 0; }
.step { background: #fff; border: 1px solid #dde1e6; border-radius: 6px; margin: 10px 0; padding: 10px; display: flex; gap: 14px; }
.shot { position: relative; flex: 0 0 auto; width: 480px; }
.shot img { width: 100%; display: block; border: 1px solid #ccc; }
.box { position: absolute; border: 2px solid #e8175d; box-sizing: border-box; pointer-events: none; }
.verdict { font-size: 13px; } .verdict.block, .verdict.revise, .verdict.confirm { color: #b3261e; }
code, pre { background: #f0f2f5; padding: 1px 4px; border-radius: 3px; white-space: pre-wrap; }
.muted { color: #69717d; }
.stopped { background: #fff4e5; border: 1px solid #f0b35b; border-radius: 6px; padding: 8px 12px; }
`;

export const PAGE = (suite: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>cairn report: ${esc(suite)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${CSS}</style>
</head>
<body>
<header><a href="#">cairn</a> · run report: <span id="suite">${esc(suite)}</span></header>
<main id="main">Loading…</main>
<script src="data.js"></script>
<script src="app.js"></script>
</body>
</html>
`;
