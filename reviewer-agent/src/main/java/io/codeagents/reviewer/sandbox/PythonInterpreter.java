package io.codeagents.reviewer.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The interpreter reviews run with, as found once at start-up: the executable it reports (not a pyenv shim, which
 * needs the environment the sandbox clears; a virtualenv's own, which keeps the virtualenv), the directories it lives
 * in and where its packages are.
 *
 * @param executable the resolved interpreter
 * @param version e.g. {@code 3.11.7}
 * @param prefixes {@code sys.prefix} and {@code sys.base_prefix}: bound read-only into the sandbox
 * @param siteDirs the package directories, passed as {@code PYTHONPATH} because the sandbox starts Python with
 *        {@code -S}
 * @param pytestVersion the importable pytest, or empty when tests run with the standard-library runner
 */
public record PythonInterpreter(Path executable, String version, List<Path> prefixes, List<Path> siteDirs,
        Optional<String> pytestVersion) {

    /** Printed by the interpreter itself, so the answer is what the interpreter sees. */
    static final String PROBE = String.join("\n",
            "import json, os, sys",
            "try:",
            "    import pytest; pytest_version = pytest.__version__",
            "except Exception:",
            "    pytest_version = None",
            "sites = [p for p in sys.path if p.endswith(('site-packages', 'dist-packages')) and os.path.isdir(p)]",
            "print(json.dumps({'executable': sys.executable, 'version': sys.version.split()[0],",
            "    'prefixes': sorted({os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix)}),",
            "    'site_dirs': [os.path.realpath(p) for p in sites], 'pytest': pytest_version}))");

    public String testRunner() {
        return pytestVersion.map(v -> "pytest " + v).orElse("unittest (standard library; pytest is not installed)");
    }
}
