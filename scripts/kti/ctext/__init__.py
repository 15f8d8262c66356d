# SPDX-License-Identifier: GPL-2.0
"""The project's one C-text toolkit: no compiler, exact positions.

    positions  lines, line starts, (line, col) <-> offset
    mask       comments and literal contents blanked, offsets kept
    tokens     tokens with line, col and byte offsets; directives; bracket matching
    preproc    #if/#ifdef/#else/#endif groups, unbalanced branches, #if 0 lines
    macros     #define reading, the #define a line belongs to
    parse      statements of a function body with kinds and extents (Function, Node)
    functions  function spans, calls and their arguments in masked text

Used by the detector (cocci/kthread_threads.cocci imports kti.detect, which builds on this),
the scan driver (resolver, cross-check, reports) and the boot rig (KUnit case lists).
The names below are the ones callers use most; the modules hold the rest.
"""
from .functions import (Call, FunctionSpan, classify_argument, enclosing, find_calls,
                        function_spans, matching_close, split_args)
from .macros import Macro, every_macro, macro_at, macro_lines, read_macros
from .mask import mask
from .parse import Function, Node, walk
from .positions import line_of, line_starts, offset_of, split_lines
from .preproc import Conditional, disabled_lines
from .tokens import Directive, Token, lex, match_bracket, scan

__all__ = ["Call", "Conditional", "Directive", "Function", "FunctionSpan", "Macro", "Node",
           "Token", "classify_argument", "disabled_lines", "enclosing", "every_macro", "find_calls",
           "function_spans", "lex", "line_of", "line_starts", "macro_at", "macro_lines",
           "mask", "match_bracket", "matching_close", "offset_of", "read_macros", "scan",
           "split_args", "split_lines", "walk"]
