"""The line locator finds keys behind multi-line strings, arrays, quoted keys and nested tables."""

from __future__ import annotations

from kiosk.content_toml import locate_keys

TRICKY = '''\
# a comment with key = "value" and [table]
title = """
not_a_key = "inside a multi-line string"
[not_a_table]
"""
note = \'\'\'
raw = 1 \'\'\'
list = [
  "a = b",
  { inner = 1 },
]
"quoted key" = "x"  # trailing = comment
dotted.part.de = "y"
text = "a \\" = still text"

[[steps]]
title = { de = "a", en = "b" }

[[steps]]
"moment" = "eid"

[steps.extra]
deep = 1

[bundle]
id = "z"
'''


def test_every_key_is_found_on_its_line() -> None:
    lines = locate_keys(TRICKY).lines
    assert lines[("title",)] == 2
    assert lines[("note",)] == 6
    assert lines[("list",)] == 8
    assert lines[("quoted key",)] == 12
    assert lines[("dotted", "part", "de")] == 13
    assert lines[("dotted",)] == 13
    assert lines[("text",)] == 14
    assert lines[("steps", 0)] == 16
    assert lines[("steps", 0, "title")] == 17
    assert lines[("steps", 1)] == 19
    assert lines[("steps", 1, "moment")] == 20
    assert lines[("steps", 1, "extra")] == 22
    assert lines[("steps", 1, "extra", "deep")] == 23
    assert lines[("bundle", "id")] == 26


def test_text_inside_values_is_never_taken_for_a_key() -> None:
    keys = {part for path in locate_keys(TRICKY).lines for part in path}
    assert not keys & {"not_a_key", "not_a_table", "raw", "inner", "a = b", "still text"}


def test_unknown_path_falls_back_to_the_nearest_parent() -> None:
    line_map = locate_keys(TRICKY)
    assert line_map.line_of(("steps", 0, "title", "da")) == 17
    assert line_map.line_of(("steps", 1, "missing")) == 19
    assert line_map.line_of(("nowhere",)) == 1


def test_lines_are_counted_like_tomllib_counts_them() -> None:
    text = 'a = "one\u2028still line one\x0cand here"\r\nb = 2\n'
    assert locate_keys(text).lines[("b",)] == 2
