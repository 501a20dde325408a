#!/usr/bin/env python3
"""Structure rules of the ShareLens sources, run by ctest (label "structure").

    check_structure.py [--max-file-lines N] [--max-function-lines N] ROOT

Checks, under app/, engine/, widgets/, tests/ and fuzz/ of ROOT:
  - every .cpp/.h file has at most 800 lines;
  - every function body (opening to closing brace) has at most 80 lines;
  - no comment cites DESIGN.md or a tracker issue number ("issue 7",
    "(issue 9)"): the repository has to explain itself.
Comments in CMake files, shell and Python scripts under those folders are
checked for citations too.

A test data table may be longer: put `// structure: data table` on the line
before the function (or inside it); the same comment in the first lines of a
file exempts the file from the file length. Each violation prints as
`path:line: what`; the exit status is 1 when there is any.

Functions are found with a brace-matching heuristic, not a C++ parser:
comments, string and character literals (raw strings too) and preprocessor
lines are blanked out, then every `{` is classified by the text before it
since the previous `;`, `{` or `}`. A `{` after `)` (plus qualifiers such as
const, override, noexcept, a trailing return type or a constructor's
initialiser list) outside any function opens a function; namespace, class,
struct, union, enum and extern "C" blocks are scopes that may hold functions;
anything else (an initialiser list, an array) is data. Lambdas and local
classes inside a function count towards that function.
"""

import argparse
import os
import re
import sys

SOURCE_DIRS = ("app", "engine", "widgets", "tests", "fuzz")
SOURCE_EXT = (".cpp", ".h")
SCRIPT_EXT = (".cmake", ".sh", ".py")
SKIP_DIRS = {"build", ".git", "corpus", "regressions", "fixtures", "__pycache__"}
EXEMPT_MARK = "structure: data table"

CITATION = re.compile(r"DESIGN\.md|\bissues?\s*#?\d+\b|\(\s*#\d+\s*\)", re.IGNORECASE)
SCOPE_HEAD = re.compile(r"(^|[\s;])(namespace|class|struct|union|enum)\b|^extern\s*\"\"\s*$")
CONTROL_HEAD = re.compile(r"^(if|for|while|switch|catch|do|else|try)\b")
QUALIFIERS = re.compile(
    r"(\s*(const|override|final|noexcept(\s*\([^()]*\))?|mutable|volatile|&|&&|"
    r"->\s*[\w:<>,\s*&]+|throw\s*\([^()]*\)))*\s*$")


def blank_code(text):
    """Returns (code, comments): code with comments, literals and preprocessor
    lines replaced by spaces (newlines kept), and a list of (line, comment)."""
    out = []
    comments = []
    i, n, line = 0, len(text), 1
    at_line_start = True
    while i < n:
        c = text[i]
        if c == "\n":
            out.append(c)
            line += 1
            i += 1
            at_line_start = True
            continue
        if at_line_start and c in " \t":
            out.append(c)
            i += 1
            continue
        if at_line_start and c == "#":
            # Preprocessor line, with backslash continuations.
            j = i
            while j < n:
                k = text.find("\n", j)
                if k < 0:
                    k = n
                if k > 0 and text[k - 1] == "\\" and k < n:
                    j = k + 1
                    continue
                break
            chunk = text[i:k]
            m = re.search(r"//(.*)", chunk)
            if m:
                comments.append((line, m.group(1)))
            out.append(re.sub(r"[^\n]", " ", chunk))
            line += chunk.count("\n")
            i = k
            at_line_start = False
            continue
        at_line_start = False
        if text.startswith("//", i):
            k = text.find("\n", i)
            if k < 0:
                k = n
            comments.append((line, text[i + 2:k]))
            out.append(" " * (k - i))
            i = k
            continue
        if text.startswith("/*", i):
            k = text.find("*/", i + 2)
            k = n if k < 0 else k + 2
            chunk = text[i:k]
            for off, part in enumerate(chunk.split("\n")):
                comments.append((line + off, part))
            out.append(re.sub(r"[^\n]", " ", chunk))
            line += chunk.count("\n")
            i = k
            continue
        m = re.match(r'(u8|u|U|L)?R"([^()\\\s]{0,16})\(', text[i:i + 24])
        if m and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            close = ")" + m.group(2) + '"'
            k = text.find(close, i + m.end())
            k = n if k < 0 else k + len(close)
            chunk = text[i:k]
            out.append('""' + re.sub(r"[^\n]", " ", chunk[2:]))
            line += chunk.count("\n")
            i = k
            continue
        if c in "\"'":
            if c == "'" and i > 0 and text[i - 1].isalnum() and i + 1 < n and text[i + 1].isalnum():
                out.append(" ")  # digit separator: 1'000'000
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(c + " " * max(0, j - i - 2) + (c if j - i >= 2 else ""))
            i = j
            continue
        out.append(c)
        i += 1
    return "".join(out), comments


def is_function_head(head):
    h = " ".join(head.split())
    if not h or CONTROL_HEAD.match(h):
        return False
    if SCOPE_HEAD.search(h) and not h.endswith(")"):
        return False
    if re.search(r"(^|[^=!<>])=\s*$", h) or h.endswith(("return", ",", "(", "[")):
        return False
    if QUALIFIERS.sub("", h).endswith(")"):
        return "(" in h
    # Constructor with an initialiser list ending in a braced member: `A() : m_b{}`.
    return bool(re.search(r"\)\s*:\s*[\w:]+\s*[({]", h)) and h.endswith(("}", ")"))


def functions(code):
    """Yields (head_line, first_line, last_line, open_line) of every function body."""
    stack = []  # (kind, open_pos, head_line)
    head_start = 0
    line_of = []
    ln = 1
    for ch in code:
        line_of.append(ln)
        if ch == "\n":
            ln += 1
    in_function = 0
    i = 0
    n = len(code)
    while i < n:
        c = code[i]
        if c == "{":
            head = code[head_start:i]
            if in_function:
                kind = "block"
            elif is_function_head(head):
                kind = "function"
                in_function += 1
            elif SCOPE_HEAD.search(" ".join(head.split())) or re.match(r"^\s*extern\s*\"\s*\"\s*$", head):
                kind = "scope"
            else:
                kind = "data"
            stripped = head.lstrip()
            hl = line_of[head_start + (len(head) - len(stripped))] if stripped else line_of[i]
            stack.append((kind, i, hl))
            head_start = i + 1
        elif c == "}":
            if stack:
                kind, pos, hl = stack.pop()
                if kind == "function":
                    in_function -= 1
                    yield hl, line_of[pos], line_of[i]
                if kind == "data" and not in_function:
                    # `A() : m_b{x}` or `= {..}` : the text before continues the head.
                    i += 1
                    continue
            head_start = i + 1
        elif c == ";":
            head_start = i + 1
        i += 1


def check_file(path, rel, args, problems):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    lines = text.split("\n")
    if text.endswith("\n"):
        lines = lines[:-1]
    code, comments = blank_code(text)
    for ln, comment in comments:
        if CITATION.search(comment):
            problems.append(f"{rel}:{ln}: comment cites DESIGN.md or a tracker issue: {comment.strip()[:70]}")
    file_exempt = any(EXEMPT_MARK in l for l in lines[:30])
    if len(lines) > args.max_file_lines and not file_exempt:
        problems.append(f"{rel}:1: file has {len(lines)} lines (at most {args.max_file_lines})")
    for head_line, open_line, close_line in functions(code):
        count = close_line - open_line + 1
        if count <= args.max_function_lines:
            continue
        marked = any(EXEMPT_MARK in l for l in lines[max(0, head_line - 3):close_line])
        if not marked:
            name = lines[head_line - 1].strip()[:70]
            problems.append(f"{rel}:{head_line}: function has {count} lines (at most "
                            f"{args.max_function_lines}): {name}")


def check_script(path, rel, problems):
    with open(path, encoding="utf-8", errors="replace") as f:
        for ln, line in enumerate(f, 1):
            m = re.search(r"(^|\s)#(?!!)(.*)", line)
            if m and CITATION.search(m.group(2)):
                problems.append(f"{rel}:{ln}: comment cites DESIGN.md or a tracker issue: {m.group(2).strip()[:70]}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("root")
    ap.add_argument("--max-file-lines", type=int, default=800)
    ap.add_argument("--max-function-lines", type=int, default=80)
    args = ap.parse_args()
    problems = []
    for top in SOURCE_DIRS:
        base = os.path.join(args.root, top)
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, args.root)
                if name.endswith(SOURCE_EXT):
                    check_file(path, rel, args, problems)
                elif name.endswith(SCRIPT_EXT) or name == "CMakeLists.txt":
                    check_script(path, rel, problems)
    for p in problems:
        print(p)
    print(f"check_structure: {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
