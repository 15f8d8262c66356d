# SPDX-License-Identifier: GPL-2.0
"""index.html: one self-contained page (no external assets) to browse the inventory.

A chart of verdicts (inline SVG), a filterable and sortable table of thread functions, and
one anchored section per thread function with its classification, its creation sites and a
code excerpt, so a link like index.html#kt-fs-jffs2-background.c-jffs2_garbage_collect_thread
can go into a review mail.  Unresolved creation sites and failed files are listed too.
"""
import html
import re
from typing import Callable, Dict, List, Optional

from .ctext import split_lines
from .inventory import Inventory
from .report_markdown import VERDICT_MEANING
from .model import ThreadFunction

MAX_EXCERPT_LINES = 120
COLOURS = {"auto": "#2e7d32", "care": "#f9a825", "manual": "#c62828", "smpboot": "#1565c0",
           "unresolved sites": "#757575"}

_CSS = """
body{font-family:sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;font-size:90%}
th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
th{background:#eee;cursor:pointer;user-select:none}
th.sorted-asc::after{content:" \\25B2"} th.sorted-desc::after{content:" \\25BC"}
.v-auto{color:#2e7d32;font-weight:bold}.v-care{color:#b28704;font-weight:bold}
.v-manual{color:#c62828;font-weight:bold}.v-smpboot{color:#1565c0;font-weight:bold}
pre{background:#f7f7f7;border:1px solid #ddd;padding:6px;overflow-x:auto;font-size:85%;
 tab-size:8;-moz-tab-size:8}
pre mark{background:#fff3b0}
td.nowrap{white-space:nowrap} td.reasons{min-width:22em} td.sub{max-width:16em}
.legend{font-size:90%;color:#444}
section.kt{border-top:1px solid #bbb;margin-top:1.2em}
.controls input,.controls select{margin-right:1em}
.muted{color:#777}
"""

_JS = """
(function(){
 var table=document.getElementById('kt-table');
 var rows=Array.prototype.slice.call(table.tBodies[0].rows);
 var q=document.getElementById('q'),v=document.getElementById('verdict');
 var k=document.getElementById('kind');
 var n=document.getElementById('shown');
 function filter(){
  var text=q.value.toLowerCase(),shown=0;
  rows.forEach(function(r){
   var ok=(!text||r.textContent.toLowerCase().indexOf(text)>=0)&&
          (!v.value||r.dataset.verdict===v.value)&&(!k.value||r.dataset.kind===k.value);
   r.style.display=ok?'':'none'; if(ok)shown++;});
  n.textContent=shown;}
 [q,v,k].forEach(function(e){e.addEventListener('input',filter);});
 Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){
  th.addEventListener('click',function(){
   var asc=!th.classList.contains('sorted-asc');
   Array.prototype.forEach.call(table.tHead.rows[0].cells,function(c){c.className='';});
   th.className=asc?'sorted-asc':'sorted-desc';
   var numeric=th.dataset.type==='num';
   rows.sort(function(a,b){
    var x=a.cells[i].dataset.key||a.cells[i].textContent;
    var y=b.cells[i].dataset.key||b.cells[i].textContent;
    var c=numeric?(parseFloat(x)-parseFloat(y)):x.localeCompare(y);
    return asc?c:-c;});
   rows.forEach(function(r){table.tBodies[0].appendChild(r);});});});
 filter();
})();
"""


def anchor(tfn: ThreadFunction) -> str:
    """From the id, "file:name:line": a name defined twice (#ifdef/#else) gets two."""
    return "kt-" + re.sub(r"[^A-Za-z0-9_.-]", "-", tfn.id)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def chart_svg(counts: Dict[str, int]) -> str:
    """A horizontal bar chart, one bar per category, as inline SVG."""
    width, bar_h, label_w = 520, 22, 130
    top = max(counts.values()) if counts and max(counts.values()) > 0 else 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" '
             f'height="{bar_h * len(counts) + 10}" role="img" aria-label="thread functions '
             'per verdict">']
    for i, (name, count) in enumerate(counts.items()):
        y = 5 + i * bar_h
        length = int((width - label_w - 60) * count / top)
        colour = COLOURS.get(name, "#555")
        parts.append(f'<text x="0" y="{y + 15}" font-size="13">{_e(name)}</text>'
                     f'<rect x="{label_w}" y="{y + 2}" width="{length}" height="{bar_h - 6}" '
                     f'fill="{colour}"><title>{_e(name)}: {count}</title></rect>'
                     f'<text x="{label_w + length + 6}" y="{y + 15}" font-size="13">'
                     f'{count}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _excerpt(tfn: ThreadFunction, source: Callable[[str], Optional[List[str]]]) -> str:
    lines = source(tfn.file)
    if lines is None:
        return '<p class="muted">(source not readable)</p>'
    start = max(1, tfn.line - 1)
    end = min(len(lines), max(tfn.end_line, tfn.line))
    cut = end - start + 1 > MAX_EXCERPT_LINES
    if cut:
        end = start + MAX_EXCERPT_LINES - 1
    def row(n: int) -> str:
        text = f"{n:5d}  {_e(lines[n - 1])}"
        return f"<mark>{text}</mark>" if n == tfn.loop_line else text
    body = "\n".join(row(n) for n in range(start, end + 1))
    more = f"\n       ... ({tfn.end_line - end} more lines)" if cut else ""
    return f"<pre>{body}{more}</pre>"


def render(inv: Inventory, source: Callable[[str], Optional[str]]) -> str:
    """The page; source(path) gives a tree file's text (None when unreadable)."""
    split: Dict[str, Optional[List[str]]] = {}

    def lines_of(path: str) -> Optional[List[str]]:
        if path not in split:
            text = source(path)
            split[path] = split_lines(text) if text is not None else None
        return split[path]

    counts = dict(inv.verdict_counts())
    counts["unresolved sites"] = len(inv.unresolved_sites)
    acc = inv.accounting()
    out: List[str] = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Kernel threads in {_e(inv.tree_name)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Kernel threads in {_e(inv.tree_name)}</h1>",
        f'<p class="muted">HEAD {_e(inv.tree_head[:12])}, detector {_e(inv.cocci)} '
        f"(sha256 {_e(inv.cocci_sha256[:12])}), spatch {_e(inv.spatch_version)}.</p>",
        f"<p>{acc['thread_functions']} thread functions; {acc['creation_sites']} creation "
        f"sites: {acc['resolved']} tied to a thread function, {acc['unresolved']} "
        f'<a href="#unresolved">unresolved</a>; {acc["failed_files"]} '
        f'<a href="#failures">files the detector could not handle</a>.</p>',
        chart_svg(counts),
        '<p class="legend">' + "<br>".join(
            f'<span class="v-{_e(v)}">{_e(v)}</span>: {_e(m)}'
            for v, m in VERDICT_MEANING.items()) + "</p>",
        '<h2>Thread functions</h2><p class="controls">'
        '<input id="q" type="search" placeholder="filter: name, file, reason..." size="40">'
        '<select id="verdict"><option value="">all verdicts</option>']
    out += [f'<option value="{_e(v)}">{_e(v)}</option>' for v in inv.verdict_counts()]
    out += ['</select><select id="kind"><option value="">all kinds</option>',
            '<option value="kthread">kthread</option><option value="svc">svc</option>',
            '<option value="smpboot">smpboot</option></select>',
            '<span id="shown"></span> shown</p>',
            '<table id="kt-table"><thead><tr><th>thread function</th><th>file</th>'
            '<th>subsystem</th><th>kind</th><th>verdict</th><th>loop</th><th>freezer</th>'
            '<th>signals</th><th data-type="num">sites</th><th>reasons</th></tr></thead>'
            '<tbody>']
    for tfn in inv.tied_functions:
        out.append(
            f'<tr data-verdict="{_e(tfn.verdict)}" data-kind="{_e(tfn.kind)}">'
            f'<td><a href="#{anchor(tfn)}">{_e(tfn.name)}</a></td>'
            f'<td data-key="{_e(tfn.file)}:{tfn.line:06d}">{_e(tfn.file)}:{tfn.line}</td>'
            f'<td class="sub">{_e(tfn.subsystem)}</td><td>{_e(tfn.kind)}</td>'
            f'<td class="v-{_e(tfn.verdict)}">{_e(tfn.verdict)}</td>'
            f'<td class="nowrap">{_e(tfn.loop)}</td>'
            f'<td>{_e(", ".join(tfn.freezer))}</td><td>{_e(", ".join(tfn.signals))}</td>'
            f'<td>{len(tfn.creation_sites) + len(tfn.wrapper_calls)}</td>'
            f'<td class="reasons">{_e("; ".join(tfn.reasons))}</td></tr>')
    out.append("</tbody></table>")

    sites = {s.id: s for s in inv.creation_sites}
    out.append("<h2>Details</h2>")
    for tfn in inv.thread_functions:
        status = "" if tfn.tied else " (no creation site found)"
        out += [f'<section class="kt" id="{anchor(tfn)}">',
                f'<h3><a href="#{anchor(tfn)}">{_e(tfn.name)}</a>{_e(status)} '
                f'<span class="v-{_e(tfn.verdict)}">{_e(tfn.verdict)}</span></h3>',
                f"<p>{_e(tfn.file)}:{tfn.line} &mdash; {_e(tfn.subsystem)} &mdash; "
                f"{_e(tfn.kind)}, loop <code>{_e(tfn.loop)}</code>"
                + (f" at line {tfn.loop_line}" if tfn.loop_line else "")
                + (f", stops on <code>{_e(tfn.stop_predicate)}()</code>"
                   if tfn.stop_predicate else "") + "</p><ul>"]
        for label, values in (("freezer", tfn.freezer), ("parking", tfn.parking),
                              ("signals", tfn.signals), ("sleeps with", tfn.sleep),
                              ("leaves the loop by", tfn.exit),
                              ("state kept across iterations", tfn.persistent_locals),
                              ("why", tfn.reasons)):
            if values:
                out.append(f"<li>{_e(label)}: {_e('; '.join(values))}</li>")
        for sid in tfn.creation_sites:
            site = sites.get(sid)
            if site:
                via = f" via wrapper {site.wrapper}()" if site.wrapper else ""
                out.append(f"<li>created at {_e(site.file)}:{site.line} by "
                           f"<code>{_e(site.creator)}()</code> in "
                           f"<code>{_e(site.in_function)}()</code>{_e(via)}</li>")
        for cid in tfn.wrapper_calls:
            out.append(f"<li>passed to a wrapper at {_e(cid)}</li>")
        out.append("</ul>")
        if tfn.kind != "smpboot":
            out.append(_excerpt(tfn, lines_of))
        out.append("</section>")

    out.append('<h2 id="unresolved">Unresolved creation sites</h2>')
    if inv.unresolved_sites:
        out.append("<table><thead><tr><th>site</th><th>creator</th><th>argument</th>"
                   "<th>in function</th><th>reason</th></tr></thead><tbody>")
        for site in inv.unresolved_sites:
            out.append(f"<tr><td>{_e(site.file)}:{site.line}</td><td>{_e(site.creator)}</td>"
                       f"<td><code>{_e(site.arg)}</code></td><td>{_e(site.in_function)}</td>"
                       f"<td>{_e(site.reason)}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append("<p>None.</p>")
    out.append('<h2 id="failures">Files the detector could not handle</h2>')
    if inv.failures:
        out.append("<table><thead><tr><th>file</th><th>status</th><th>message</th></tr>"
                   "</thead><tbody>")
        out += [f"<tr><td>{_e(f.file)}</td><td>{_e(f.status)}</td><td>{_e(f.message)}</td></tr>"
                for f in inv.failures]
        out.append("</tbody></table>")
    else:
        out.append("<p>None.</p>")
    out.append(f"<script>{_JS}</script></body></html>")
    return "\n".join(out) + "\n"
