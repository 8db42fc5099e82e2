"""Never finishes: the cell's timeout must kill it (and its children)."""
import subprocess
import sys
import time

ITERATIONS = 1


def setup():
    # A grandchild that would outlive a careless kill.
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])


def work(child):
    time.sleep(600)
