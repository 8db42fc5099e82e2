"""Reads the GitHub workflow and action files with a YAML parser (Debian's
python3-yaml) for the integration tests.

  workflow_steps.py check-nightly FILE   the nightly workflow's structure (jobs, shards, cache, artifacts)
  workflow_steps.py check-action FILE    the composite action's structure (inputs, steps, shells)
  workflow_steps.py gilmatrix-steps FILE every step whose script runs gilmatrix, one "JOB/STEP NAME" a line
  workflow_steps.py script FILE JOB STEP the step's `run:` script, verbatim (JOB "-" for an action)
  workflow_steps.py env FILE JOB STEP [EXPRESSION=VALUE...]
                                          the step's `env:` as shell `export` lines, each ${{ expression }}
                                          replaced by the value given for it; an expression without one fails
Exits 1 with a message on the first problem.
"""
import re
import shlex
import sys

import yaml


def fail(message):
    print("workflow_steps: " + message, file=sys.stderr)
    sys.exit(1)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def jobs_and_steps(document):
    if "runs" in document:
        return {"-": document["runs"]["steps"]}
    return {name: job["steps"] for name, job in document["jobs"].items()}


def find_step(document, job, name):
    for step in jobs_and_steps(document).get(job, []):
        if step.get("name") == name:
            return step
    fail(f"no step named {name!r} in job {job!r}")


def require(condition, message):
    if not condition:
        fail(message)


def check_steps(steps, where):
    for step in steps:
        require(("uses" in step) != ("run" in step), f"{where}: a step needs exactly one of uses and run: {step}")
        if "uses" in step:
            require(re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), f"{where}: {step['uses']} is not a pinned "
                    "major version of an actions/ action")
        else:
            require("name" in step, f"{where}: a run step without a name")


EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}")

BUILD_STEP = ['scripts/install-deps.sh', 'scripts/build.sh', 'echo "$PWD/build/release" >> "$GITHUB_PATH"']


def check_nightly(path):
    w = load(path)
    triggers = w.get("on", w.get(True))  # YAML 1.1 reads a bare `on` as true
    require(isinstance(triggers, dict) and "schedule" in triggers and "cron" in triggers["schedule"][0],
            "the workflow does not run on a schedule")
    require("workflow_dispatch" in triggers, "the workflow cannot be started by hand")
    require(set(w["jobs"]) == {"plan", "shard", "merge"}, f"jobs are {sorted(w['jobs'])}")
    require(w["permissions"].get("actions") == "read", "reading the previous run's artifact needs actions: read")
    for name, job in w["jobs"].items():
        check_steps(job["steps"], name)
        require(job.get("container") == "debian:12", f"job {name} does not run in Debian 12")
        build = [s for s in job["steps"] if s.get("name") == "Build gilmatrix"]
        require(len(build) == 1 and build[0]["run"].split("\n")[:-1] == BUILD_STEP,
                f"job {name}: the build step is not the project's build scripts")
        require(job["steps"][0]["uses"] == "actions/checkout@v4", f"job {name} does not check out first")
    plan, shard, merge = w["jobs"]["plan"], w["jobs"]["shard"], w["jobs"]["merge"]
    require(plan["outputs"]["matrix"] == "${{ steps.plan.outputs.matrix }}", "plan job output")
    require(any(s.get("id") == "plan" for s in plan["steps"]), "no step with id plan")
    require(shard["needs"] == "plan" and merge["needs"] == "shard", "job order")
    require(shard["strategy"]["matrix"] == "${{ fromJSON(needs.plan.outputs.matrix) }}", "shard matrix")
    require(shard["strategy"]["fail-fast"] is False, "one failing shard must not cancel the others")
    cache = [s for s in shard["steps"] if s.get("uses", "").startswith("actions/cache@")]
    require(len(cache) == 1 and cache[0]["with"]["path"] == "~/.cache/gilmatrix", "the shard's build cache")
    key = cache[0]["with"]["key"]
    for part in ("hashFiles(env.MATRIX)", "steps.names.outputs.version", "steps.names.outputs.index", "env.SHARDS"):
        require(part in key, f"the cache key does not depend on {part}")
    uploads = [s["with"]["name"] for j in w["jobs"].values() for s in j["steps"]
               if s.get("uses", "").startswith("actions/upload-artifact@")]
    require(uploads == ["gilmatrix-shard-${{ steps.names.outputs.index }}", "gilmatrix-nightly"], f"uploads {uploads}")
    download = [s for s in merge["steps"] if s.get("uses", "").startswith("actions/download-artifact@")]
    require(len(download) == 1 and download[0]["with"] == {"pattern": "gilmatrix-shard-*", "path": "shards"},
            "the merge job downloads every shard into shards/")
    fetch = find_step(w, "merge", "Fetch the previous night's results")["run"]
    require("--name gilmatrix-nightly --dir previous" in fetch, "the previous night's artifact")
    names = [s.get("name") for s in merge["steps"]]
    require(names.index("Compare with the previous night") == len(names) - 1, "the comparison is the last step")


def check_action(path):
    a = load(path)
    require(a["runs"]["using"] == "composite", "not a composite action")
    require(set(a["inputs"]) == {"target", "python", "stress", "args"}, f"inputs {sorted(a['inputs'])}")
    require(a["inputs"]["stress"]["default"] == "", "stress runs only when a file is given")
    require(a["inputs"]["target"]["default"] == ".", "target defaults to the repository")
    steps = a["runs"]["steps"]
    check_steps(steps, "action")
    for step in steps:
        if "run" in step:
            require(step.get("shell") == "bash", f"step {step['name']} has no shell: bash")
    build = find_step(a, "-", "Build gilmatrix")["run"].split("\n")[:-1]
    require(build == ['"$GITHUB_ACTION_PATH/scripts/install-deps.sh"', '"$GITHUB_ACTION_PATH/scripts/build.sh"',
                      'echo "$GITHUB_ACTION_PATH/build/release" >> "$GITHUB_PATH"'], f"build step {build}")
    check = find_step(a, "-", "Check the extension")
    require(check["env"] == {"TARGET": "${{ inputs.target }}", "PYTHON": "${{ inputs.python }}",
                             "STRESS": "${{ inputs.stress }}", "ARGS": "${{ inputs.args }}"},
            "the check step's inputs")


def gilmatrix_steps(path):
    for job, steps in jobs_and_steps(load(path)).items():
        for step in steps:
            if re.search(r"(^|[\s$(\"])gilmatrix ", step.get("run", "")):
                print(f"{job}/{step['name']}")


def step_env(path, job, name, assignments):
    values = dict(a.split("=", 1) for a in assignments)
    for key, value in (find_step(load(path), job, name).get("env") or {}).items():
        def substitute(match):
            expression = match.group(1).strip()
            if expression not in values:
                fail(f"no value given for ${{{{ {expression} }}}} in {job}/{name}")
            return values[expression]
        resolved = EXPRESSION.sub(substitute, str(value))
        print(f"export {key}={shlex.quote(resolved)}")


def main():
    if len(sys.argv) < 3:
        fail(__doc__)
    command, path, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
    if command == "check-nightly":
        check_nightly(path)
    elif command == "check-action":
        check_action(path)
    elif command == "gilmatrix-steps":
        gilmatrix_steps(path)
    elif command == "script":
        sys.stdout.write(find_step(load(path), rest[0], rest[1])["run"])
    elif command == "env":
        step_env(path, rest[0], rest[1], rest[2:])
    else:
        fail(f"unknown command {command}")


main()
