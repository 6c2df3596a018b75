"""Hostile article bodies: every one must come out of rendering harmless.

Each payload, if anything of it survived, would set `window.__xss` or open a dialog, so
the same list serves the Python checks (tests/resources/test_sanitize.py) and the
Chromium run (tests/browser/test_library_journey.py). Both Markdown link forms and raw
HTML are here: articles are Markdown, but the sanitizer must also hold on its own.
"""

X = "window.__xss=1"
A = "alert(1)"

MARKDOWN_LINKS = [
    # Every Markdown link form, with each dangerous scheme.
    f"[click](javascript:{X})",
    f"[click](JavaScript:{A})",
    f"[click]( javascript:{A} )",
    f'[click](javascript:{A} "title")',
    f"[click](<javascript:{A}>)",
    f"[click][ref]\n\n[ref]: javascript:{X}",
    f'[click][ref]\n\n[ref]: javascript:{X} "title"',
    "[ref]\n\n[ref]: javascript:alert(1)",
    f"<javascript:{A}>",
    f"![image](javascript:{A})",
    "![image](x.png)",
    '![x](https://example.com/x.png "onerror=alert(1)")',
    f"[![nested](x.png)](javascript:{A})",
    "[click](vbscript:msgbox(1))",
    "[click](VBScript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](data:text/html,<script>alert(1)</script>)",
    "[click](DATA:text/html,<script>alert(1)</script>)",
    "[ref][d]\n\n[d]: data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "<data:text/html,alert(1)>",
    "<vbscript:msgbox(1)>",
    # Entity- and whitespace-obfuscated schemes.
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;avascript:alert(1))",
    "[click](&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click](java&#x09;script:alert(1))",
    "[click](java&#x0A;script:alert(1))",
    "[click](java&#x0D;script:alert(1))",
    "[click](&#x20;javascript:alert(1))",
    "[click](\tjavascript:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&Tab;javascript:alert(1))",
    "[click](jav&NewLine;ascript:alert(1))",
    "[click](%6A%61%76%61%73%63%72%69%70%74:alert(1))",
    "[click](\x01javascript:alert(1))",
    "[click](java\x0bscript:alert(1))",
]

RAW_HTML = [
    f"<script>{X}</script>",
    "<SCRIPT SRC=//example.com/x.js></SCRIPT>",
    f"<scr<script>ipt>{A}</script>",
    f'<a href="javascript:{X}">click</a>',
    f'<a href=" javascript:{X}">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    f'<a href="https://example.com" onclick="{X}">click</a>',
    f'<a href="https://example.com" onmouseover="{X}">hover</a>',
    f'<p onclick="{X}">click</p>',
    f"<img src=x onerror={X}>",
    f"<img src=x onerror='{X}'/>",
    f'<body onload="{X}">',
    f'<div style="background:url(javascript:{A})">styled</div>',
    f'<p style="x:expression({A})">styled</p>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    f'<iframe src="javascript:{X}"></iframe>',
    f'<iframe srcdoc="<script>{X}</script>"></iframe>',
    f'<object data="javascript:{X}"></object>',
    f'<embed src="javascript:{X}">',
    f"<svg onload={X}>",
    f"<svg><script>{X}</script></svg>",
    f'<svg><a xlink:href="javascript:{X}"><text>x</text></a></svg>',
    f"<svg><animate onbegin={X} attributeName=x dur=1s>",
    f'<math><mtext><table><mglyph><style><img src=x onerror="{X}">',
    f'<math href="javascript:{X}">click</math>',
    f'<noscript><p title="</noscript><img src=x onerror={X}>">',
    f'<noscript><style></noscript><img src=x onerror="{X}"></style></noscript>',
    f'<style><img src="</style><img src=x onerror={X}//">',
    f'<form><button formaction="javascript:{X}">go</button></form>',
    f'<input autofocus onfocus="{X}">',
    f'<details open ontoggle="{X}">',
    f'<video><source onerror="{X}"></video>',
    f'<meta http-equiv="refresh" content="0;url=javascript:{X}">',
    f'<base href="javascript:{X}//">',
    f'<link rel="stylesheet" href="javascript:{X}">',
    f"<!--><script>{X}</script>-->",
    f"<!-- <script>{X}</script> -->",
    f"<!--[if gte IE 4]><script>{X}</script><![endif]-->",
    f"<![CDATA[<script>{X}</script>]]>",
    f'<table background="javascript:{X}"><tr><td>x</td></tr></table>',
    f'<td style="width:expression({A})">cell</td>',
    '<a href="https://example.com" style="position:fixed;top:0" target="_blank">x</a>',
    f"<template><script>{X}</script></template>",
    f"<textarea><script>{X}</script></textarea>",
    f"<title><script>{X}</script></title>",
    f'<xmp><img src=x onerror="{X}"></xmp>',
    f'<a href="#" id="x" name="x" class="y" onpointerdown="{X}">x</a>',
    f'"><img src=x onerror={X}>',
    f"<IMG SRC=JaVaScRiPt:{A}>",
    f'<a href="java\nscript:{X}">split</a>',
    f'<a href="\x01javascript:{X}">control</a>',
]

# Inline citations point at the source list on the same page ([[2]](#source-2)); their
# hostile look-alikes must fare no better than any other link.
CITATIONS = [
    f"A figure, 41%.[[2]](javascript:{X})",
    f'[[1]](#source-1" onmouseover="{X})',
    f'[[1]](#source-1 "x" onfocus="{X}")',
    f"[[1]][s1]\n\n[s1]: javascript:{X}",
    f'<a href="#source-1" onclick="{X}">[1]</a>',
    f'<sup id="source-1"><a href="javascript:{X}">1</a></sup>',
    f"[^1]\n\n[^1]: [x](javascript:{X})",
]

CORPUS = MARKDOWN_LINKS + RAW_HTML + CITATIONS
