"""Static analysis of a review submission with Python's own ast module.

Runs inside the reviewer's sandbox (a parser fed hostile input must not take the service with it) and
prints one JSON document: {"findings": [...], "metrics": {...}}. Rule ids follow ruff/bandit where
they have one; the rest use a descriptive S-/PT- id documented in the reviewer's README.

Usage: analyse.py SOLUTION_FILE TEST_FILE COMPLEXITY_LIMIT
"""
import ast
import json
import os
import sys

ERROR, WARNING, INFO = "error", "warning", "info"

# qualified call name -> (rule, severity, message, hint)
DANGEROUS_CALLS = {
    "eval": ("S307", ERROR, "Use of eval() runs arbitrary code", "Parse the input (ast.literal_eval, int(), json.loads)"),
    "exec": ("S102", ERROR, "Use of exec() runs arbitrary code", "Call the code directly instead of building it as text"),
    "__import__": ("S-DYNIMPORT", WARNING, "Dynamic import with __import__()", "Use a plain import statement"),
    "importlib.import_module": ("S-DYNIMPORT", WARNING, "Dynamic import with importlib.import_module()",
                                "Use a plain import statement"),
    "os.system": ("S605", ERROR, "Starting a process with a shell (os.system)", "Do the work in Python"),
    "os.popen": ("S605", ERROR, "Starting a process with a shell (os.popen)", "Do the work in Python"),
    "os.fork": ("S-FORK", ERROR, "Creating processes with os.fork()", "Do the work in the calling process"),
    "os.forkpty": ("S-FORK", ERROR, "Creating processes with os.forkpty()", "Do the work in the calling process"),
    "pickle.loads": ("S301", ERROR, "pickle.loads() can run arbitrary code", "Use json for data interchange"),
    "pickle.load": ("S301", ERROR, "pickle.load() can run arbitrary code", "Use json for data interchange"),
    "pickle.Unpickler": ("S301", ERROR, "pickle.Unpickler can run arbitrary code", "Use json for data interchange"),
    "dill.loads": ("S301", ERROR, "dill.loads() can run arbitrary code", "Use json for data interchange"),
    "marshal.loads": ("S302", ERROR, "marshal.loads() is unsafe on untrusted data", "Use json for data interchange"),
    "marshal.load": ("S302", ERROR, "marshal.load() is unsafe on untrusted data", "Use json for data interchange"),
    "urllib.request.urlopen": ("S310", WARNING, "Network access with urlopen()", "Keep the solution free of I/O"),
}
PROCESS_PREFIXES = ("os.exec", "os.spawn", "os.posix_spawn")
SUBPROCESS_CALLS = {"Popen", "run", "call", "check_call", "check_output", "getoutput", "getstatusoutput"}
DANGEROUS_MODULES = {
    "ctypes": ("S-CTYPES", ERROR, "ctypes gives access to raw memory and native code", "Stay in pure Python"),
    "socket": ("S-SOCKET", ERROR, "socket opens network connections", "Keep the solution free of network I/O"),
    "subprocess": ("S404", WARNING, "subprocess imported", "Do the work in Python"),
}


def finding(path, rule, severity, node_or_line, message, hint, column=None):
    if isinstance(node_or_line, int):
        line, col = node_or_line, column or 1
    else:
        line, col = getattr(node_or_line, "lineno", 1), getattr(node_or_line, "col_offset", 0) + 1
    return {"file": path, "rule": rule, "severity": severity, "line": line, "column": col,
            "message": message, "hint": hint}


class ImportAliases(ast.NodeVisitor):
    """Maps local names to what they were imported as, so `from os import system as s; s()` is os.system."""

    def __init__(self):
        self.names = {}
        self.imports = []

    def visit_Import(self, node):
        for alias in node.names:
            self.names[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else alias.name.split(".")[0]
            self.imports.append((alias.name, node))

    def visit_ImportFrom(self, node):
        module = node.module or ""
        for alias in node.names:
            self.names[alias.asname or alias.name] = module + "." + alias.name if module else alias.name
            self.imports.append((module, node))


def qualified_name(func, aliases):
    parts = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if not isinstance(func, ast.Name):
        return None
    parts.append(aliases.get(func.id, func.id))
    return ".".join(reversed(parts))


def security_findings(path, tree):
    aliases = ImportAliases()
    aliases.visit(tree)
    found = []
    reported_modules = set()
    for module, node in aliases.imports:
        top = module.split(".")[0]
        if top in DANGEROUS_MODULES and top not in reported_modules:
            reported_modules.add(top)
            rule, severity, message, hint = DANGEROUS_MODULES[top]
            found.append(finding(path, rule, severity, node, message, hint))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = qualified_name(node.func, aliases.names)
        if name is None:
            continue
        if name in DANGEROUS_CALLS:
            rule, severity, message, hint = DANGEROUS_CALLS[name]
            found.append(finding(path, rule, severity, node, message, hint))
        elif name.startswith(PROCESS_PREFIXES):
            found.append(finding(path, "S606", ERROR, node, "Starting a process with " + name + "()",
                                 "Do the work in Python"))
        elif name.startswith("subprocess.") and name.split(".")[-1] in SUBPROCESS_CALLS:
            shell = any(k.arg == "shell" and isinstance(k.value, ast.Constant) and k.value.value for k in node.keywords)
            if shell:
                found.append(finding(path, "S602", ERROR, node, name + "() with shell=True",
                                     "Pass an argument list without a shell"))
            else:
                found.append(finding(path, "S603", ERROR, node, "Starting a process with " + name + "()",
                                     "Do the work in Python"))
    return found


def complexity(function):
    """McCabe cyclomatic complexity of one function, not counting nested functions and classes."""
    score = 1
    stack = list(ast.iter_child_nodes(function))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(node, (ast.If, ast.IfExp, ast.For, ast.AsyncFor, ast.While, ast.ExceptHandler)):
            score += 1
        elif isinstance(node, ast.BoolOp):
            score += len(node.values) - 1
        elif isinstance(node, ast.comprehension):
            score += 1 + len(node.ifs)
        elif isinstance(node, getattr(ast, "match_case", ())):
            score += 1
        stack.extend(ast.iter_child_nodes(node))
    return score


def functions_with_owner(tree):
    """Every function with the class that holds it (None at module level or inside another function)."""
    pending = [(node, None) for node in tree.body]
    while pending:
        node, owner = pending.pop(0)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node, owner
            pending.extend((child, None) for child in node.body)
        elif isinstance(node, ast.ClassDef):
            pending.extend((child, node) for child in node.body)


def quality_findings(path, tree, limit):
    found = []
    max_complexity = 0
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and not node.name.startswith("_") and ast.get_docstring(node) is None:
            found.append(finding(path, "D101", INFO, node, "Public class '" + node.name + "' has no docstring",
                                 "Say in one line what the class represents"))
    for function, owner in functions_with_owner(tree):
        score = complexity(function)
        max_complexity = max(max_complexity, score)
        if score > limit:
            found.append(finding(path, "C901", WARNING, function,
                                 "'" + function.name + "' is too complex (" + str(score) + " > " + str(limit) + ")",
                                 "Split it into smaller functions"))
        public = not function.name.startswith("_")
        if public and ast.get_docstring(function) is None:
            rule = "D102" if owner is not None else "D103"
            found.append(finding(path, rule, INFO, function, "Public function '" + function.name + "' has no docstring",
                                 "Say in one line what it returns or does"))
        arguments = function.args.posonlyargs + function.args.args + function.args.kwonlyargs
        for index, argument in enumerate(arguments):
            if owner is not None and index == 0 and argument.arg in ("self", "cls"):
                continue
            if argument.annotation is None:
                found.append(finding(path, "ANN001", INFO, argument,
                                     "Argument '" + argument.arg + "' of '" + function.name + "' has no type annotation",
                                     "Annotate it, e.g. '" + argument.arg + ": int'"))
        if public and function.returns is None and function.name != "__init__":
            found.append(finding(path, "ANN201", INFO, function,
                                 "Public function '" + function.name + "' has no return type annotation",
                                 "Annotate it, e.g. '-> int'"))
    return found, max_complexity


ASSERTING_CALLS = ("raises", "warns", "fail", "deprecated_call", "approx")


def asserts_something(function):
    for node in ast.walk(function):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name.startswith("assert") or name in ASSERTING_CALLS:
                return True
    return False


def test_findings(path, tree):
    found = []
    tests = 0
    for function, owner in functions_with_owner(tree):
        if not function.name.startswith("test"):
            continue
        if owner is not None and not owner.name.startswith("Test") and not any(
                isinstance(base, (ast.Name, ast.Attribute)) and "TestCase" in ast.unparse(base) for base in owner.bases):
            continue
        tests += 1
        if not asserts_something(function):
            found.append(finding(path, "PT-NOASSERT", WARNING, function, "Test '" + function.name + "' asserts nothing",
                                 "Assert on the result, or use pytest.raises for expected errors"))
    if tests == 0:
        found.append(finding(path, "PT-NOTESTS", WARNING, 1, "No test functions (test_*) found",
                             "Write pytest functions named test_* that import from solution"))
    return found, tests


def parse(path, source):
    """The module's tree, or the finding that says why there is none."""
    try:
        return ast.parse(source, filename=path), None
    except SyntaxError as e:
        return None, finding(path, "E999", ERROR, e.lineno or 1, "SyntaxError: " + str(e.msg),
                             "Fix the syntax; nothing else can be checked before", column=e.offset or 1)
    except (ValueError, RecursionError, MemoryError) as e:
        return None, finding(path, "E999", ERROR, 1, "Cannot parse: " + type(e).__name__ + ": " + str(e)[:200],
                             "Simplify the code (it is nested too deeply or contains NUL bytes)")


def read(path):
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def main():
    sys.setrecursionlimit(3000)
    solution_path, tests_path, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
    findings = []
    metrics = {"lines": 0, "functions": 0, "max_complexity": 0, "tests": 0}
    solution = read(solution_path)
    tree, error = parse("solution.py", solution or "")
    metrics["lines"] = len((solution or "").splitlines())
    if error:
        findings.append(error)
    else:
        findings += security_findings("solution.py", tree)
        quality, metrics["max_complexity"] = quality_findings("solution.py", tree, limit)
        findings += quality
        metrics["functions"] = sum(1 for _ in functions_with_owner(tree))
    tests = read(tests_path)
    if tests is not None:
        tree, error = parse("test_solution.py", tests)
        if error:
            findings.append(error)
        else:
            findings += security_findings("test_solution.py", tree)
            found, metrics["tests"] = test_findings("test_solution.py", tree)
            findings += found
    findings.sort(key=lambda f: (f["file"] != "solution.py", f["line"], f["column"]))
    json.dump({"findings": findings, "metrics": metrics}, sys.stdout)


if __name__ == "__main__":
    main()
