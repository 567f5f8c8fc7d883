# bpftool-cpp: the two entry points of README.md.
#   make tour   set up, build, and run a short live tour against the kernel
#   make test   set up, build, and run every test
# Both install missing Debian packages first (scripts/setup.sh, needs root).

BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all setup build tour test unit install clean asan

all: build

setup:
	@scripts/setup.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

build: setup $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

tour: build
	examples/tour.sh $(BUILD)/bpftool

test: build
	cd $(BUILD) && ctest --output-on-failure -j 1

unit: build
	cd $(BUILD) && ctest --output-on-failure -L unit

asan: setup
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DBT_SANITIZE=ON
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure -j 1

install: build
	cmake --install $(BUILD)

clean:
	rm -rf $(BUILD) build-asan
