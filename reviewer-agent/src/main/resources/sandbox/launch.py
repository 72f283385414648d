"""Starts a sandbox job before its files exist, so the interpreter and the job's imports are ready when they arrive.

The reviewer starts a sandbox ahead of each run (and an ordinary run the same way, only at once): this script
imports the job's script and calls its warm() (pytest's import is most of a test run's start-up), then reads the
job's files from stdin until end of file, writes them read-only into the working directory and runs the script's
main() with the job's arguments. stdin is then at end of file for the code under review, as /dev/null would be.

stdin holds, for each file, its name, a newline, its size in bytes, a newline and its bytes; then one more
newline. Anything else (the reviewer went away before handing over a job) ends the launch without running anything.

Usage: launch.py SCRIPT [ARGUMENT ...]
"""
import importlib.util
import os
import sys


def read_files(data):
    """The files by name, or None when the handover is incomplete."""
    files, at = {}, 0
    while True:
        if at >= len(data):
            return None
        if data[at:at + 1] == b"\n":
            return files
        name_end = data.index(b"\n", at)
        size_end = data.index(b"\n", name_end + 1)
        name = data[at:name_end].decode("utf-8")
        size = int(data[name_end + 1:size_end])
        if os.path.basename(name) != name or name in ("", ".", ".."):
            raise ValueError("not a plain file name: %r" % name)
        files[name] = data[size_end + 1:size_end + 1 + size]
        if len(files[name]) != size:
            return None
        at = size_end + 1 + size


def main():
    script = sys.argv[1]
    spec = importlib.util.spec_from_file_location("sandbox_job", os.path.join(os.path.dirname(__file__), script))
    job = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(job)
    if hasattr(job, "warm"):
        job.warm()
    try:
        files = read_files(sys.stdin.buffer.read())
    except ValueError:
        files = None
    if files is None:
        return 2
    for name, content in files.items():
        with open(name, "wb") as f:
            f.write(content)
        os.chmod(name, 0o444)
    sys.argv = [script] + sys.argv[2:]
    return job.main()


if __name__ == "__main__":
    sys.exit(main())
