#!/usr/bin/env python3
"""Self-test of check_structure.py on small made-up sources."""

import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKER = os.path.join(HERE, "check_structure.py")


def body(n):
    return "".join(f"    x += {i};\n" for i in range(n))


class CheckStructureTest(unittest.TestCase):
    def run_on(self, files):
        with tempfile.TemporaryDirectory() as root:
            for rel, text in files.items():
                path = os.path.join(root, rel)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w") as f:
                    f.write(text)
            r = subprocess.run([sys.executable, CHECKER, root], capture_output=True, text=True)
            return r.returncode, r.stdout.splitlines()

    def test_clean_tree_passes(self):
        rc, out = self.run_on({"engine/a.cpp": "int f() {\n" + body(10) + "}\n"})
        self.assertEqual((rc, out), (0, []))

    def test_long_function_in_namespace_both_brace_styles(self):
        src = ("namespace a {\nnamespace {\n\nint f(int x) const\n{\n" + body(79) + "}\n\n"
               "int g() {\n" + body(79) + "}\n} // namespace\n}\n")
        rc, out = self.run_on({"engine/a.cpp": src})
        self.assertEqual(rc, 1)
        self.assertEqual(out, ["engine/a.cpp:4: function has 81 lines (at most 80): int f(int x) const",
                               "engine/a.cpp:87: function has 81 lines (at most 80): int g() {"])

    def test_exactly_80_lines_passes(self):
        rc, out = self.run_on({"widgets/a.cpp": "int f() {\n" + body(78) + "}\n"})
        self.assertEqual(out, [])

    def test_lambdas_and_initialisers_count_towards_the_function(self):
        lam = "    auto l = [&](int y) {\n" + body(40) + "    };\n"
        init = "    std::vector<int> v{\n" + "".join(f"        {i},\n" for i in range(40)) + "    };\n"
        rc, out = self.run_on({"app/a.cpp": "void f() {\n" + lam + init + "}\n"})
        self.assertEqual(len(out), 1)
        self.assertIn("app/a.cpp:1: function has", out[0])

    def test_constructor_initialiser_list_and_class_members(self):
        src = ("class A {\npublic:\n    A(int b) : m_b{b}, m_c(b) {\n" + body(80) + "    }\n"
               "    int m_b{0};\n    int m_c = 0;\n};\n")
        rc, out = self.run_on({"app/a.h": src})
        self.assertEqual(len(out), 1)
        self.assertTrue(out[0].startswith("app/a.h:3: function has 82 lines"), out)

    def test_braces_in_strings_and_comments_are_ignored(self):
        src = ('void f() {\n    const char* s = "{{{";\n    // }}}\n    /* { */\n    char c = \'{\';\n'
               '    auto r = R"({{)";\n}\nint g() {\n' + body(81) + "}\n")
        rc, out = self.run_on({"engine/a.cpp": src})
        self.assertEqual(len(out), 1)
        self.assertIn("engine/a.cpp:8: function has 83 lines", out[0])

    def test_data_table_marker_exempts(self):
        src = "// structure: data table\nconst std::vector<Case>& cases() {\n" + body(100) + "}\n"
        rc, out = self.run_on({"tests/a.cpp": src})
        self.assertEqual((rc, out), (0, []))

    def test_long_file(self):
        rc, out = self.run_on({"fuzz/a.h": "// x\n" * 801})
        self.assertEqual(out, ["fuzz/a.h:1: file has 801 lines (at most 800)"])

    def test_citations_in_comments(self):
        rc, out = self.run_on({
            "engine/a.cpp": '// See DESIGN.md.\nint f() { return 1; } // (issue 9)\nconst char* s = "issue 4";\n',
            "tests/x.cmake": "# the catalogue (issue 8)\nset(A issue)\n",
        })
        self.assertEqual(rc, 1)
        self.assertEqual([o.split(": comment")[0] for o in out],
                         ["engine/a.cpp:1", "engine/a.cpp:2", "tests/x.cmake:1"])

    def test_other_folders_are_not_checked(self):
        rc, out = self.run_on({"resources/a.cpp": "// DESIGN.md\n" * 900})
        self.assertEqual((rc, out), (0, []))


if __name__ == "__main__":
    unittest.main()
