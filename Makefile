# coalesce: convenience wrapper around CMake.
#
#   make          build build/coalesce
#   make demo     install missing packages, build, run the demo archive
#   make check    install missing packages, build with -Werror, run every
#                 test, then run them again under ASan + UBSan; the browser
#                 test of the HTML report runs when chromium is installed
#                 (CZ_BROWSER_TESTS=1 or CI=true installs it)
#   make fuzz     run every libFuzzer target FUZZ_TIME seconds (clang)
#   make clean

BUILD      ?= build
CHECK      ?= build-check
ASAN       ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
DEMO_DB    ?= $(BUILD)/demo.db
CMAKE_ARGS ?=

FUZZ_TIME  ?= 60

.PHONY: all deps demo check test fuzz clean

all:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_ARGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

deps:
	@sh .ci/deps

demo: deps all
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	./$(BUILD)/coalesce --db $(DEMO_DB) --config fixtures/demo/coalesce.yml ingest fixtures/demo
	./$(BUILD)/coalesce --db $(DEMO_DB) --config fixtures/demo/coalesce.yml status
	./$(BUILD)/coalesce --db $(DEMO_DB) --config fixtures/demo/coalesce.yml report --period quarter

check: deps
	cmake -S . -B $(CHECK) -DCMAKE_BUILD_TYPE=Debug -DCZ_WERROR=ON $(CMAKE_ARGS) >/dev/null
	cmake --build $(CHECK) -j $(JOBS)
	cd $(CHECK) && ctest --output-on-failure -j $(JOBS)
	cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DCZ_WERROR=ON -DCZ_SANITIZE=ON $(CMAKE_ARGS) >/dev/null
	cmake --build $(ASAN) -j $(JOBS)
	cd $(ASAN) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j $(JOBS)

test: all
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

fuzz:
	@sh .ci/deps clang libclang-rt-14-dev
	CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCZ_FUZZ=ON >/dev/null
	cmake --build build-fuzz -j $(JOBS)
	FUZZ_TIME=$(FUZZ_TIME) FUZZ_BUILD=build-fuzz sh tests/fuzz/run.sh

clean:
	rm -rf $(BUILD) $(CHECK) $(ASAN) build-fuzz
