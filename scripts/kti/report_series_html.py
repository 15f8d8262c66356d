# SPDX-License-Identifier: GPL-2.0
"""series/<slug>.html: the review page of one conversion series (static, opens from disk).

One table row and one section per kthread: the original and the converted code side by
side (C highlighting; removed lines red, added green, only re-indented pale blue), the
inventory verdict, the converter's checks and the checks of the written patch, the risk
flags, whether
kthread_worker would fit better and why, freezability, the checkpoints moved and every
behaviour difference, and the changelog.  The rows filter by risk flag, kthread_worker
fit and text, kept in the query string (<slug>.html?risk=state-in-context&worker=fit&q=dm).
Anchors: #kt-STEM is a kthread's section, #row-STEM its row, STEM the inventory anchor of
its first thread function (the one index.html uses), so index.html#row-STEM and
series/<slug>.html#kt-STEM point at the same kthread.
"""
import difflib
import html
import json
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from . import highlight
from .series.model import RiskKind, count

CONTEXT_LINES = 4

_CSS = """
body{font-family:sans-serif;margin:1.5em;color:#222}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{
 outline:3px solid #1565c0;outline-offset:1px}
table{border-collapse:collapse;font-size:85%}
th,td{border:1px solid #ccc;padding:2px 5px;text-align:left;vertical-align:top;
 overflow-wrap:anywhere}
th{background:#eee}
table.fit{width:100%;table-layout:fixed}
tr:target td,section.kt:target{background:#fff8d0}
.pass{color:#2e7d32;font-weight:bold}.fail{color:#c62828;font-weight:bold}
.v-auto{color:#2e7d32;font-weight:bold}.v-care{color:#8a6800;font-weight:bold}
.v-manual{color:#c62828;font-weight:bold}
.flag{display:inline-block;border:1px solid #888;border-radius:3px;padding:0 4px;
 margin:0 3px 2px 0;font-size:90%;background:#f4f4f4}
.fit-yes{color:#8a6800;font-weight:bold}.fit-no{color:#555}
section.kt{border-top:1px solid #bbb;margin-top:1.2em;overflow-wrap:anywhere}
table.sbs{width:100%;table-layout:fixed;font-family:monospace;font-size:80%;margin:0.4em 0}
table.sbs td{border:none;border-right:1px solid #ddd;padding:0 4px;white-space:pre-wrap;
 tab-size:8;-moz-tab-size:8}
table.sbs td.n{color:#888;text-align:right;user-select:none}
table.sbs tr.gap td{background:#eef;color:#557;text-align:center}
table.sbs td.del{background:#fde8e8}table.sbs td.ins{background:#e6f6e6}
table.sbs td.ws,.key.ws{background:#eaf0fa}.key.del{background:#fde8e8}
.key.ins{background:#e6f6e6}.key{padding:0 4px;border:1px solid #ddd}
table.sbs td.none{background:repeating-linear-gradient(135deg,#eee 0 4px,#f8f8f8 4px 8px)}
table.sbs th{font-family:sans-serif}
.c-com{color:#6a737d;font-style:italic}.c-str{color:#a31515}.c-kw{color:#0033b3;
 font-weight:bold}.c-num{color:#1750eb}.c-pp{color:#7a3e9d}.c-api{color:#b35900;
 font-weight:bold}
pre.msg{background:#f7f7f7;border:1px solid #ddd;padding:6px;white-space:pre-wrap;
 overflow-wrap:anywhere;font-size:85%}
.controls input,.controls select,.controls button{margin-right:1em}
.muted{color:#777}
"""

_JS = """
(function(){
 'use strict';
 function byId(id){return document.getElementById(id);}
 var rows=Array.prototype.slice.call(byId('kt-table').tBodies[0].rows);
 var q=byId('q'),risk=byId('risk'),worker=byId('worker'),shown=byId('shown');
 function choose(select,value){
  var ok=Array.prototype.some.call(select.options,function(o){return o.value===value;});
  select.value=ok?value:'';}
 function load(){
  var p=new URLSearchParams(location.search);
  q.value=p.get('q')||'';choose(risk,p.get('risk')||'');choose(worker,p.get('worker')||'');}
 function save(){
  var p=new URLSearchParams();
  if(q.value)p.set('q',q.value);
  if(risk.value)p.set('risk',risk.value);
  if(worker.value)p.set('worker',worker.value);
  var s=p.toString();
  try{history.replaceState(null,'',location.pathname+(s?'?'+s:'')+location.hash);}
  catch(e){}}
 function show(){
  var text=q.value.trim().toLowerCase(),n=0;
  rows.forEach(function(r){
   var ok=(!text||r.dataset.text.indexOf(text)>=0)&&
          (!risk.value||(' '+r.dataset.risks+' ').indexOf(' '+risk.value+' ')>=0)&&
          (!worker.value||r.dataset.worker===worker.value);
   r.hidden=!ok;var sec=byId(r.dataset.section);if(sec)sec.hidden=!ok;if(ok)n++;});
  shown.textContent=n+' of '+rows.length+' kthreads shown';}
 function update(){show();save();}
 [q,risk,worker].forEach(function(e){
  e.addEventListener('input',update);e.addEventListener('change',update);});
 byId('reset').addEventListener('click',function(){
  q.value='';risk.value='';worker.value='';update();});
 function reveal(){
  var id='';try{id=decodeURIComponent(location.hash.slice(1));}catch(e){}
  var target=id&&byId(id);
  if(target&&(target.hidden||target.closest('[hidden]'))){
   q.value='';risk.value='';worker.value='';update();}
  if(target)target.scrollIntoView();}
 window.addEventListener('hashchange',reveal);
 load();show();reveal();
})();
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


@dataclass(frozen=True)
class Check:
    """One check: the converter's gates, or a tool run on the written patch."""

    name: str
    status: str
    detail: str = ""


@dataclass(frozen=True)
class KthreadView:
    stem: str
    names: Tuple[str, ...]
    unit_id: str
    files: Tuple[str, ...]
    verdicts: Tuple[Tuple[str, str], ...]       # (inventory id, verdict)
    subject: str
    patch_file: str
    message: str
    freezability: str
    flags: Tuple[str, ...]
    checkpoints_moved: Tuple[str, ...]
    behaviour_changes: Tuple[str, ...]
    risks: Tuple[Tuple[str, str], ...]          # (RiskKind value, detail)
    worker_fit: bool
    worker_why: str
    checks: Tuple[Check, ...]
    before: Dict[str, str] = field(default_factory=dict)
    after: Dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SeriesView:
    slug: str
    title: str
    section: str
    prefix: str
    to: Tuple[str, ...]
    cc: Tuple[str, ...]
    base: str
    core_title: str
    core_link: Optional[str]
    patch_folder: str                           # link to the folder of the mbox files
    checks: Tuple[Check, ...]
    kthreads: Tuple[KthreadView, ...]


def _rows(old: List[str], new: List[str]) -> List[Tuple[str, Optional[int], Optional[int]]]:
    """(kind, old index, new index) per row: eq, ws (only whitespace differs), del, ins,
    replace; lines are matched ignoring whitespace."""
    keys = ([" ".join(s.split()) for s in old], [" ".join(s.split()) for s in new])
    rows: List[Tuple[str, Optional[int], Optional[int]]] = []
    matcher = difflib.SequenceMatcher(None, keys[0], keys[1], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(max(i2 - i1, j2 - j1)):
            i = i1 + k if i1 + k < i2 else None
            j = j1 + k if j1 + k < j2 else None
            if tag == "equal":
                kind = "eq" if old[i] == new[j] else "ws"
            else:
                kind = tag
            rows.append((kind, i, j))
    return rows


def side_by_side(before: str, after: str, context: int = CONTEXT_LINES) -> str:
    """A two-column diff table: old line numbers and code, new line numbers and code.

    Lines are matched ignoring whitespace, so a loop body that moved one tab to the left
    into func lines up with its original (pale blue, class "ws"); only lines that really
    changed are red or green.  Unchanged runs further than context lines from a change
    are left out behind a gap row."""
    old, new = before.split("\n"), after.split("\n")
    old_html, new_html = highlight.lines(old), highlight.lines(new)
    rows = _rows(old, new)
    shown = set()
    for n, (kind, _, _) in enumerate(rows):
        if kind != "eq":
            shown.update(range(n - context, n + context + 1))
    out = ['<table class="sbs"><colgroup><col style="width:4%"><col style="width:46%">'
           '<col style="width:4%"><col style="width:46%"></colgroup>'
           '<thead><tr><th colspan="2">original</th><th colspan="2">converted</th></tr></thead>'
           '<tbody>']
    gap = True
    for n, (kind, i, j) in enumerate(rows):
        if n not in shown:
            gap = True
            continue
        if gap:
            first_i = next((r[1] for r in rows[n:] if r[1] is not None), len(old))
            first_j = next((r[2] for r in rows[n:] if r[2] is not None), len(new))
            out.append(f'<tr class="gap"><td colspan="4">@@ original line {first_i + 1}, '
                       f'converted line {first_j + 1} @@</td></tr>')
            gap = False
        side = {"eq": ("eq", "eq"), "ws": ("ws", "ws")}.get(kind, ("del", "ins"))
        left = (f'<td class="n">{i + 1}</td><td class="{side[0]}">{old_html[i]}</td>'
                if i is not None else '<td class="n"></td><td class="none"></td>')
        right = (f'<td class="n">{j + 1}</td><td class="{side[1]}">{new_html[j]}</td>'
                 if j is not None else '<td class="n"></td><td class="none"></td>')
        out.append(f"<tr>{left}{right}</tr>")
    if not shown:
        out.append('<tr class="gap"><td colspan="4">no change in this file</td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


def _status(status: str) -> str:
    return f'<span class="{"pass" if status == "pass" else "fail"}">{_e(status)}</span>'


def _flags(kt: KthreadView) -> str:
    return " ".join(f'<span class="flag" title="{_e(RiskKind(k).words)}">{_e(k)}</span>'
                    for k, _ in kt.risks) or '<span class="muted">none</span>'


def _fit(kt: KthreadView) -> str:
    return ('<span class="fit-yes">fits better</span>' if kt.worker_fit
            else '<span class="fit-no">no</span>')


def _row(kt: KthreadView) -> str:
    text = " ".join(kt.names + kt.files + (kt.subject,) + tuple(k for k, _ in kt.risks))
    checks = all(c.status == "pass" for c in kt.checks)
    verdicts = ", ".join(v for _, v in kt.verdicts)
    return (f'<tr id="row-{_e(kt.stem)}" data-section="kt-{_e(kt.stem)}" '
            f'data-risks="{_e(" ".join(k for k, _ in kt.risks))}" '
            f'data-worker="{"fit" if kt.worker_fit else "nofit"}" '
            f'data-text="{_e(text.lower())}">'
            f'<td><a href="#kt-{_e(kt.stem)}">{_e(", ".join(n + "()" for n in kt.names))}</a>'
            f'</td><td>{_e(", ".join(kt.files))}</td>'
            f'<td class="v-{_e(verdicts)}">{_e(verdicts)}</td><td>{_flags(kt)}</td>'
            f'<td>{_fit(kt)}</td><td>{_status("pass" if checks else "fail")}</td>'
            f'<td><a href="../index.html#row-{_e(kt.stem)}">inventory</a></td></tr>')


def _list(title: str, items: Sequence[str]) -> List[str]:
    if not items:
        return []
    return [f"<h4>{_e(title)}</h4><ul>"] + [f"<li>{_e(i)}</li>" for i in items] + ["</ul>"]


def _section(kt: KthreadView) -> List[str]:
    names = ", ".join(n + "()" for n in kt.names)
    out = [f'<section class="kt" id="kt-{_e(kt.stem)}">',
           f'<h3><a href="#kt-{_e(kt.stem)}">{_e(names)}</a> '
           f'<span class="muted">{_e(", ".join(kt.files))}</span></h3>',
           f'<p><a class="back" href="../index.html#row-{_e(kt.stem)}">its row in the '
           f'inventory</a> &middot; <a href="#row-{_e(kt.stem)}">&uarr; table</a> &middot; '
           f'patch <code>{_e(kt.patch_file)}</code>: {_e(kt.subject)}</p>',
           "<p>Inventory verdict: " + ", ".join(
               f'<span class="v-{_e(v)}">{_e(v)}</span> ({_e(i)})' for i, v in kt.verdicts)
           + "</p>",
           f"<p>Risk flags: {_flags(kt)}</p>"]
    if kt.risks:
        out.append("<ul>" + "".join(
            f"<li><b>{_e(k)}</b>: {_e(RiskKind(k).words)}" + (f" &mdash; {_e(d)}" if d else "")
            + "</li>" for k, d in kt.risks) + "</ul>")
    out.append(f'<p class="worker">kthread_worker: {_fit(kt)} &mdash; {_e(kt.worker_why)}</p>')
    out.append(f'<p class="freeze">{_e(kt.freezability)}'
               + (f" Description flags: <code>{_e(' | '.join(kt.flags))}</code>."
                  if kt.flags else "") + "</p>")
    out.append('<h4>Verification</h4><table class="fit checks"><colgroup>'
               '<col style="width:40%"><col style="width:10%"><col style="width:50%">'
               '</colgroup><thead><tr><th>check</th><th>result</th><th>detail</th></tr>'
               '</thead><tbody>')
    out += [f"<tr><td>{_e(c.name)}</td><td>{_status(c.status)}</td><td>{_e(c.detail)}</td>"
            "</tr>" for c in kt.checks]
    out.append("</tbody></table>")
    out += _list("Checkpoints moved to the core", kt.checkpoints_moved)
    out += _list("Behaviour differences", kt.behaviour_changes)
    out.append('<p class="legend">Code: <span class="key del">removed</span> '
               '<span class="key ins">added</span> <span class="key ws">only re-indented</span>'
               "</p>")
    for path in kt.files:
        out.append(f"<h4>{_e(path)}</h4>")
        out.append(side_by_side(kt.before.get(path, ""), kt.after.get(path, "")))
    out.append(f'<details><summary>changelog</summary><pre class="msg">{_e(kt.message)}'
               "</pre></details></section>")
    return out


def render(view: SeriesView) -> str:
    core = (f'<a href="{_e(view.core_link)}">{_e(view.core_title)}</a>' if view.core_link
            else f"&ldquo;{_e(view.core_title)}&rdquo;")
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(view.title)}</title>", f"<style>{_CSS}</style></head><body>",
           '<p><a href="../index.html#series">&larr; inventory</a></p>',
           f"<h1>{_e(view.title)}</h1>",
           f"<p>MAINTAINERS entry <b>{_e(view.section)}</b>, subject prefix "
           f"<code>{_e(view.prefix)}:</code>, {count(len(view.kthreads), 'patch')} in "
           f'<a href="{_e(view.patch_folder)}">{_e(view.patch_folder)}</a>; depends on the '
           f"core series {core}; base commit <code>{_e(view.base)}</code>.</p>",
           f'<p class="recipients">To: {_e(", ".join(view.to))}<br>Cc: '
           f'{_e(", ".join(view.cc))}</p>',
           "<p>Series checks: " + ", ".join(
               f"{_e(c.name)} {_status(c.status)}" + (f" ({_e(c.detail)})" if c.detail else "")
               for c in view.checks) + "</p>",
           '<h2 id="kthreads">Kthreads</h2><p class="controls">',
           '<input id="q" type="search" aria-label="filter by text" '
           'placeholder="filter: name, file..." size="30">',
           '<select id="risk" aria-label="risk flag"><option value="">any risk flag</option>']
    out += [f'<option value="{_e(k.value)}">{_e(k.value)}</option>' for k in RiskKind]
    out += ['</select><select id="worker" aria-label="kthread_worker fit">'
            '<option value="">kthread_worker: any</option>'
            '<option value="fit">kthread_worker fits better</option>'
            '<option value="nofit">kthread_worker does not fit</option></select>',
            '<button type="button" id="reset">show all</button>',
            '<span id="shown" aria-live="polite"></span></p>',
            '<table id="kt-table" class="fit"><colgroup><col style="width:19%">'
            '<col style="width:22%"><col style="width:8%"><col style="width:24%">'
            '<col style="width:10%"><col style="width:7%"><col style="width:10%"></colgroup>'
            '<thead><tr><th>thread function</th><th>file</th><th>verdict</th>'
            '<th>risk flags</th><th>kthread_<wbr>worker</th><th>checks</th><th>inventory</th>'
            '</tr></thead><tbody>']
    out += [_row(kt) for kt in view.kthreads]
    out.append("</tbody></table>")
    for kt in view.kthreads:
        out += _section(kt)
    out.append(f"<script>{_JS}</script></body></html>")
    return "\n".join(out) + "\n"


def links_json(views: Sequence[SeriesView]) -> str:
    """series/series.json: what index.html needs to link rows and list the series."""
    data = [{"slug": v.slug, "title": v.title, "section": v.section, "page": f"{v.slug}.html",
             "patches": len(v.kthreads),
             "thread_functions": {tf: kt.stem for kt in v.kthreads for tf, _ in kt.verdicts}}
            for v in views]
    return json.dumps({"series": data}, indent=1) + "\n"
