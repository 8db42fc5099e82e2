#pragma once
#include "pipeline/prepared_build.hpp"
#include "results/doctor_facts.hpp"

namespace gm::pipeline {

// What `gilmatrix doctor` looks at: the machine, the compilers and tools, the
// Debian packages CPython's build needs, the interpreters found (pyenv's,
// then those on PATH), the machine's noise floor as a run measures it first
// (with the first interpreter found), the cache and the mirrors.
results::DoctorFacts examine_machine(const Workspace& workspace);

}  // namespace gm::pipeline
