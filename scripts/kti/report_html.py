# SPDX-License-Identifier: GPL-2.0
"""index.html: one self-contained page (no external assets) to browse the inventory.

A chart of verdicts (inline SVG), a filterable and sortable table of thread functions, and
one anchored section per thread function with its classification, its creation sites and a
code excerpt, so a link like index.html#kt-fs-jffs2-background.c-jffs2_garbage_collect_thread
can go into a review mail.  Unresolved creation sites and failed files are listed too.

Anchors come from the inventory's ids: the section is kt-<id>, its excerpt src-<id> and its
table row row-<id>; an id shared by two entries gets the line appended.  The table fits the
window (fixed column widths, long words break), the filter and the sort live in the query
string (index.html?verdict=care&q=dm&sort=file:asc), and the sort headers are buttons.
"""
import html
import re
from collections import Counter
from typing import Callable, Dict, List, Optional, Tuple

from .ctext import split_lines
from .inventory import Inventory
from .model import SMPBOOT, ThreadFunction
from .report_markdown import VERDICT_MEANING

MAX_EXCERPT_LINES = 120
COLOURS = {"auto": "#2e7d32", "care": "#f9a825", "manual": "#c62828", "smpboot": "#1565c0",
           "unresolved sites": "#757575"}

#: The table's columns: URL key, header, width in percent, numeric sort.
COLUMNS: Tuple[Tuple[str, str, int, bool], ...] = (
    ("name", "thread function", 13, False),
    ("file", "file:line", 15, False),
    ("subsystem", "subsystem", 10, False),
    ("kind", "kind", 6, False),
    ("verdict", "verdict", 7, False),
    ("loop", "loop", 8, False),
    ("freezer", "freezer", 8, False),
    ("signals", "signals", 6, False),
    ("sites", "sites", 5, True),
    ("reasons", "reasons", 22, False),
)

_CSS = """
body{font-family:sans-serif;margin:1.5em;color:#222}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{
 outline:3px solid #1565c0;outline-offset:1px}
table{border-collapse:collapse;font-size:85%}
th,td{border:1px solid #ccc;padding:2px 5px;text-align:left;vertical-align:top;
 overflow-wrap:anywhere}
th{background:#eee}
table.fit{width:100%;table-layout:fixed}
#kt-table th{padding:0}
#kt-table th button{all:unset;box-sizing:border-box;display:block;width:100%;
 position:relative;padding:3px 11px 3px 4px;font-weight:bold;cursor:pointer}
#kt-table th button:focus-visible{outline:3px solid #1565c0;outline-offset:-3px}
th[aria-sort] button::after{position:absolute;right:1px;font-size:75%}
th[aria-sort=ascending] button::after{content:"\\25B2"}
th[aria-sort=descending] button::after{content:"\\25BC"}
tr:target td,section.kt:target,figure:target{background:#fff8d0}
.v-auto{color:#2e7d32;font-weight:bold}.v-care{color:#8a6800;font-weight:bold}
.v-manual{color:#c62828;font-weight:bold}.v-smpboot{color:#1565c0;font-weight:bold}
figure{margin:0.5em 0}
figcaption{font-size:90%;margin-bottom:2px}
pre{background:#f7f7f7;border:1px solid #ddd;padding:6px;overflow-x:auto;font-size:85%;
 margin:0;tab-size:8;-moz-tab-size:8}
pre mark{background:#fff3b0}
.legend{font-size:90%;color:#444}
section.kt{border-top:1px solid #bbb;margin-top:1.2em;overflow-wrap:anywhere}
.controls input,.controls select,.controls button{margin-right:1em}
.muted{color:#777}
a.conv{font-size:85%;color:#1b5e20}
"""

_JS = """
(function(){
 'use strict';
 function byId(id){return document.getElementById(id);}
 var table=byId('kt-table'),body=table.tBodies[0];
 var rows=Array.prototype.slice.call(body.rows);
 var texts=rows.map(function(r){return Array.prototype.map.call(r.cells,
  function(c){return c.textContent;}).join('\\n').toLowerCase();});
 var heads=Array.prototype.slice.call(table.tHead.rows[0].cells);
 var cols=heads.map(function(th){return th.dataset.col;});
 var q=byId('q'),verdict=byId('verdict'),kind=byId('kind'),shown=byId('shown');
 var sort={col:'',dir:'asc'};
 function choose(select,value){
  var ok=Array.prototype.some.call(select.options,function(o){return o.value===value;});
  select.value=ok?value:'';}
 function key(row,i){
  var c=row.cells[i];return c.dataset.key!==undefined?c.dataset.key:c.textContent;}
 function load(){
  var p=new URLSearchParams(location.search),s=(p.get('sort')||'').split(':');
  q.value=p.get('q')||'';choose(verdict,p.get('verdict')||'');choose(kind,p.get('kind')||'');
  sort.col=cols.indexOf(s[0])>=0?s[0]:'';sort.dir=s[1]==='desc'?'desc':'asc';}
 function save(){
  var p=new URLSearchParams();
  if(q.value)p.set('q',q.value);
  if(verdict.value)p.set('verdict',verdict.value);
  if(kind.value)p.set('kind',kind.value);
  if(sort.col)p.set('sort',sort.col+':'+sort.dir);
  var s=p.toString();
  try{history.replaceState(null,'',location.pathname+(s?'?'+s:'')+location.hash);}
  catch(e){}}
 function show(){
  var text=q.value.trim().toLowerCase(),n=0;
  rows.forEach(function(r,j){
   var ok=(!text||texts[j].indexOf(text)>=0)&&
          (!verdict.value||r.dataset.verdict===verdict.value)&&
          (!kind.value||r.dataset.kind===kind.value);
   r.hidden=!ok;if(ok)n++;});
  shown.textContent=n+' of '+rows.length+' shown';
  var i=cols.indexOf(sort.col),order=rows.slice();
  if(i>=0){
   var numeric=heads[i].dataset.type==='num',sign=sort.dir==='desc'?-1:1;
   order.sort(function(a,b){
    var x=key(a,i),y=key(b,i);
    var c=numeric?parseFloat(x)-parseFloat(y):(x<y?-1:x>y?1:0);
    return sign*c;});}
  order.forEach(function(r){body.appendChild(r);});
  heads.forEach(function(th,j){
   if(j===i)th.setAttribute('aria-sort',sort.dir==='desc'?'descending':'ascending');
   else th.removeAttribute('aria-sort');});}
 function update(){show();save();}
 [q,verdict,kind].forEach(function(e){
  e.addEventListener('input',update);e.addEventListener('change',update);});
 heads.forEach(function(th){
  th.querySelector('button').addEventListener('click',function(){
   sort.dir=sort.col===th.dataset.col&&sort.dir==='asc'?'desc':'asc';
   sort.col=th.dataset.col;update();});});
 byId('reset').addEventListener('click',function(){
  q.value='';verdict.value='';kind.value='';sort.col='';update();});
 function unhide(id){
  var row=byId(id);
  if(row&&row.hidden){q.value='';verdict.value='';kind.value='';update();}
  return row;}
 document.addEventListener('click',function(ev){
  var a=ev.target.closest&&ev.target.closest('a[href^="#row-"]');
  if(a)unhide(a.getAttribute('href').slice(1));});
 function hashId(){
  try{return decodeURIComponent(location.hash.slice(1));}catch(e){return '';}}
 window.addEventListener('hashchange',function(){
  var id=hashId();
  if(id.indexOf('row-')===0){var row=unhide(id);if(row)row.scrollIntoView();}});
 load();show();
 var target=hashId()&&byId(hashId());
 if(target){unhide(target.id);target.scrollIntoView();}
})();
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _breakable(text: str, after: str) -> str:
    """Escaped text with a line break opportunity after each character of after."""
    return re.sub(f"([{re.escape(after)}])", r"\1<wbr>", _e(text))


def _file_line(path: str, line: int) -> str:
    return f'{_breakable(path, "/")}<wbr>:{line}'


def _colgroup(widths: List[int]) -> str:
    return "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>"


def anchors(functions: List[ThreadFunction]) -> List[str]:
    """One unique anchor stem per thread function, from its id ('-L<line>' on a clash)."""
    stems = [re.sub(r"[^A-Za-z0-9_.-]", "-", tfn.id) for tfn in functions]
    shared = Counter(stems)
    taken: Counter = Counter()
    result = []
    for tfn, stem in zip(functions, stems):
        name = stem if shared[stem] == 1 else f"{stem}-L{tfn.line}"
        taken[name] += 1
        result.append(name if taken[name] == 1 else f"{name}-{taken[name]}")
    return result


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


def _has_excerpt(tfn: ThreadFunction) -> bool:
    """smpboot entries point at the struct smp_hotplug_thread, not at a function body."""
    return tfn.kind != SMPBOOT


def _back_link(tfn: ThreadFunction, stem: str) -> str:
    if tfn.tied:
        return f'<a class="back" href="#row-{stem}">&uarr; its row in the table</a>'
    return '<a class="back" href="#thread-functions">&uarr; table</a>'


def _excerpt(tfn: ThreadFunction, stem: str,
             source: Callable[[str], Optional[List[str]]]) -> str:
    caption = (f'<figcaption>{_e(tfn.file)}:{tfn.line} &mdash; '
               f'{_back_link(tfn, stem)}</figcaption>')
    lines = source(tfn.file)
    if lines is None:
        return (f'<figure id="src-{stem}">{caption}'
                '<p class="muted">(source not readable)</p></figure>')
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
    return f'<figure id="src-{stem}">{caption}<pre>{body}{more}</pre></figure>'


def _controls(inv: Inventory) -> List[str]:
    out = ['<h2 id="thread-functions">Thread functions</h2><p class="controls">',
           '<input id="q" type="search" aria-label="filter rows by text" '
           'placeholder="filter: name, file, reason..." size="40">',
           '<select id="verdict" aria-label="verdict"><option value="">all verdicts</option>']
    out += [f'<option value="{_e(v)}">{_e(v)}</option>' for v in inv.verdict_counts()]
    out += ['</select><select id="kind" aria-label="kind">'
            '<option value="">all kinds</option>',
            '<option value="kthread">kthread</option><option value="svc">svc</option>',
            '<option value="smpboot">smpboot</option></select>',
            '<button type="button" id="reset">show all</button>',
            '<span id="shown" aria-live="polite"></span></p>']
    return out


def _series_link(tfn: ThreadFunction, series: "SeriesLinks") -> str:
    found = series.get(tfn.id)
    if not found:
        return ""
    page, stem, title = found
    return (f'<br><a class="conv" href="series/{_e(page)}#kt-{_e(stem)}" '
            f'title="{_e(title)}">converted: review</a>')


def _table(functions: List[Tuple[ThreadFunction, str]], series: "SeriesLinks") -> List[str]:
    out = ['<table id="kt-table" class="fit">' + _colgroup([c[2] for c in COLUMNS]),
           "<thead><tr>"]
    out += [f'<th scope="col" data-col="{key}"' + (' data-type="num"' if numeric else "")
            + f'><button type="button">{_e(label)}</button></th>'
            for key, label, _, numeric in COLUMNS]
    out.append("</tr></thead><tbody>")
    for tfn, stem in functions:
        target = f"src-{stem}" if _has_excerpt(tfn) else f"kt-{stem}"
        out.append(
            f'<tr id="row-{stem}" data-verdict="{_e(tfn.verdict)}" data-kind="{_e(tfn.kind)}">'
            f'<td><a href="#kt-{stem}">{_breakable(tfn.name, "_")}</a>'
            f'{_series_link(tfn, series)}</td>'
            f'<td data-key="{_e(tfn.file)}:{tfn.line:06d}"><a href="#{target}">'
            f'{_file_line(tfn.file, tfn.line)}</a></td>'
            f'<td>{_e(tfn.subsystem)}</td><td>{_e(tfn.kind)}</td>'
            f'<td class="v-{_e(tfn.verdict)}">{_e(tfn.verdict)}</td>'
            f'<td>{_e(tfn.loop)}</td>'
            f'<td>{_breakable(", ".join(tfn.freezer), "_")}</td>'
            f'<td>{_breakable(", ".join(tfn.signals), "_")}</td>'
            f'<td>{len(tfn.creation_sites) + len(tfn.wrapper_calls)}</td>'
            f'<td class="reasons">{_e("; ".join(tfn.reasons))}</td></tr>')
    out.append("</tbody></table>")
    return out


def _details(inv: Inventory, stems: List[str],
             lines_of: Callable[[str], Optional[List[str]]]) -> List[str]:
    sites = {s.id: s for s in inv.creation_sites}
    out = ["<h2>Details</h2>"]
    for tfn, stem in zip(inv.thread_functions, stems):
        status = "" if tfn.tied else " (no creation site found)"
        out += [f'<section class="kt" id="kt-{stem}">',
                f'<h3><a href="#kt-{stem}">{_e(tfn.name)}</a>{_e(status)} '
                f'<span class="v-{_e(tfn.verdict)}">{_e(tfn.verdict)}</span></h3>',
                f"<p>{_e(tfn.file)}:{tfn.line} &mdash; {_e(tfn.subsystem)} &mdash; "
                f"{_e(tfn.kind)}, loop <code>{_e(tfn.loop)}</code>"
                + (f" at line {tfn.loop_line}" if tfn.loop_line else "")
                + (f", stops on <code>{_e(tfn.stop_predicate)}()</code>"
                   if tfn.stop_predicate else "")
                + ("" if _has_excerpt(tfn) else f" &mdash; {_back_link(tfn, stem)}")
                + "</p><ul>"]
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
        if _has_excerpt(tfn):
            out.append(_excerpt(tfn, stem, lines_of))
        out.append("</section>")
    return out


def _plain_table(columns: List[Tuple[str, int]], rows: List[List[str]]) -> List[str]:
    """A table that fits the window; columns are (header, width in percent), cells HTML.

    Cells keep paths and names whole in the markup, so a search of the file finds them."""
    out = ['<table class="fit">' + _colgroup([w for _, w in columns]) + "<thead><tr>"
           + "".join(f'<th scope="col">{_e(label)}</th>' for label, _ in columns)
           + "</tr></thead><tbody>"]
    out += ["<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows]
    out.append("</tbody></table>")
    return out


def _series_list(series_list: List[dict]) -> List[str]:
    """The conversion series make patches wrote, each linking to its review page."""
    out = ['<h2 id="series">Conversion series</h2>',
           f"<p>{len(series_list)} series written by make patches, one per MAINTAINERS "
           "entry; each page shows every kthread's original and converted code.</p>"]
    out += _plain_table([("series", 50), ("MAINTAINERS entry", 35), ("patches", 15)],
                        [[f'<a href="series/{_e(s["page"])}">{_e(s["title"])}</a>',
                          _e(s["section"]), str(s["patches"])] for s in series_list])
    return out


def _problems(inv: Inventory) -> List[str]:
    out = ['<h2 id="unresolved">Unresolved creation sites</h2>']
    if inv.unresolved_sites:
        out += _plain_table(
            [("site", 29), ("creator", 15), ("argument", 10), ("in function", 18),
             ("reason", 28)],
            [[f"{_e(site.file)}:{site.line}", _e(site.creator), f"<code>{_e(site.arg)}</code>",
              _e(site.in_function), _e(site.reason)] for site in inv.unresolved_sites])
    else:
        out.append("<p>None.</p>")
    out.append('<h2 id="failures">Files the detector could not handle</h2>')
    if inv.failures:
        out += _plain_table([("file", 40), ("status", 10), ("message", 50)],
                            [[_e(f.file), _e(f.status), _e(f.message)]
                             for f in inv.failures])
    else:
        out.append("<p>None.</p>")
    return out


def series_links(series_list: List[dict]) -> "SeriesLinks":
    """Thread function id -> (page, anchor stem, title), from series/series.json."""
    return {tf: (s["page"], stem, s["title"]) for s in series_list
            for tf, stem in s["thread_functions"].items()}


SeriesLinks = Dict[str, Tuple[str, str, str]]


def render(inv: Inventory, source: Callable[[str], Optional[str]],
           series_list: Optional[List[dict]] = None) -> str:
    """The page; source(path) gives a tree file's text (None when unreadable);
    series_list (series/series.json of make patches) adds the conversion series."""
    split: Dict[str, Optional[List[str]]] = {}

    def lines_of(path: str) -> Optional[List[str]]:
        if path not in split:
            text = source(path)
            split[path] = split_lines(text) if text is not None else None
        return split[path]

    stems = anchors(inv.thread_functions)
    counts = dict(inv.verdict_counts())
    counts["unresolved sites"] = len(inv.unresolved_sites)
    acc = inv.accounting()
    out: List[str] = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
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
            for v, m in VERDICT_MEANING.items()) + "</p>"]
    out += _controls(inv)
    links = series_links(series_list or [])
    out += _table([(t, s) for t, s in zip(inv.thread_functions, stems) if t.tied], links)
    if series_list:
        out += _series_list(series_list)
    out += _details(inv, stems, lines_of)
    out += _problems(inv)
    out.append(f"<script>{_JS}</script></body></html>")
    return "\n".join(out) + "\n"
