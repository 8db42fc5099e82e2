#include <catch2/catch.hpp>

#include "report/doctor_output.hpp"

using namespace gm;

namespace {

results::DoctorFacts machine_missing_a_package() {
  results::DoctorFacts facts;
  facts.machine = {"Test CPU", 4, 8, "Debian GNU/Linux 12 (bookworm)", "Linux 6.1"};
  facts.tools = {{"cc", "cc (Debian 12.2.0) 12.2.0"}, {"ccache", std::nullopt}};
  facts.build_dependencies = {{"libssl-dev", "_ssl, _hashlib", true}, {"libffi-dev", "_ctypes", false}};
  facts.interpreters = {{"/usr/bin/python3", "3.11.2", false}, {"/opt/python3.13t", "3.13.0", true}};
  facts.noise_not_measured = "the probe crashed";
  facts.cache_dir = "/home/me/.cache/gilmatrix";
  facts.cache_bytes = 3 << 20;
  facts.mirrors = {{"/mirror", true}, {"/elsewhere", false}};
  return facts;
}

}  // namespace

TEST_CASE("doctor output: one line per fact, and what to install when a package is missing", "[report][doctor]") {
  auto facts = machine_missing_a_package();
  CHECK_FALSE(facts.healthy());
  CHECK(report::doctor_text(facts) ==
        "machine:  Test CPU (4 usable of 8 online cores), Debian GNU/Linux 12 (bookworm), Linux 6.1\n"
        "cc:       cc (Debian 12.2.0) 12.2.0\n"
        "ccache:   not found\n"
        "CPython build dependencies (Debian packages):\n"
        "  [x]  libssl-dev  _ssl, _hashlib\n"
        "  [ ]  libffi-dev  _ctypes\n"
        "  install the missing ones with: sudo apt-get install libffi-dev\n"
        "interpreters found:\n"
        "  /usr/bin/python3  3.11.2\n"
        "  /opt/python3.13t  3.13.0 free-threaded\n"
        "noise:    not measured (the probe crashed)\n"
        "cache:    /home/me/.cache/gilmatrix (3.0 MiB)\n"
        "mirror:   /mirror (has cpython/)\n"
        "mirror:   /elsewhere (no cpython/ folder)\n");
}

TEST_CASE("doctor output: the noise floor line says what the default precision costs", "[report][doctor]") {
  auto facts = machine_missing_a_package();
  facts.noise_floor = results::NoiseFloor{0.1, 10, 0.012, 0.034, 0.021, 0.005, 0.03, 12, "/usr/bin/python3"};
  CHECK_THAT(report::doctor_text(facts),
             Catch::Contains("noise:    cv 1.2% on one core, 3.4% on all 4 cores; neighbouring samples' ratio ±2.1%; "
                             "steal 0.5%: about 12 paired rounds per group for ±3%\n"));
  CHECK(report::doctor_json(facts).at("noise_floor").at("predicted_rounds") == 12);
}

TEST_CASE("doctor output: the JSON has every fact once, null for what was not found", "[report][doctor]") {
  auto json = report::doctor_json(machine_missing_a_package());
  CHECK(json.at("machine") == nlohmann::json{{"cpu", "Test CPU"},
                                             {"usable_cores", 4},
                                             {"online_cores", 8},
                                             {"os", "Debian GNU/Linux 12 (bookworm)"},
                                             {"kernel", "Linux 6.1"}});
  CHECK(json.at("tools").at("cc") == "cc (Debian 12.2.0) 12.2.0");
  CHECK(json.at("tools").at("ccache").is_null());
  CHECK(json.at("build_dependencies").at(1) ==
        nlohmann::json{{"package", "libffi-dev"}, {"provides", "_ctypes"}, {"installed", false}});
  CHECK(json.at("interpreters").at(1) ==
        nlohmann::json{{"python", "/opt/python3.13t"}, {"version", "3.13.0"}, {"free_threaded", true}});
  CHECK(json.at("noise_floor").is_null());
  CHECK(json.at("cache") == nlohmann::json{{"dir", "/home/me/.cache/gilmatrix"}, {"size_mib", 3.0}});
  CHECK(json.at("mirrors").at(0) == nlohmann::json{{"dir", "/mirror"}, {"has_cpython", true}});
  CHECK(json.at("healthy") == false);
}
