# The two commands of the README. Both install what is missing first.
#   make demo   - build, then a live VRRP failover demo in network namespaces
#   make check  - build with ASan+UBSan and -Werror, run the whole test suite

BUILD_DIR ?= build
CHECK_DIR ?= build-check
MESON ?= meson

.PHONY: all deps build demo check check-build clean

all: build

deps:
	@./contrib/install-deps.sh

$(BUILD_DIR)/build.ninja:
	$(MESON) setup $(BUILD_DIR)

build: deps $(BUILD_DIR)/build.ninja
	$(MESON) compile -C $(BUILD_DIR)

demo: build
	./contrib/demo.sh $(BUILD_DIR)

$(CHECK_DIR)/build.ninja:
	CC=clang $(MESON) setup $(CHECK_DIR) \
	  -Db_sanitize=address,undefined -Db_lundef=false \
	  -Dwerror=true -Dfuzzing=true

check-build: deps $(CHECK_DIR)/build.ninja
	$(MESON) compile -C $(CHECK_DIR)

check: check-build
	./tests/run-suite.sh $(CHECK_DIR)

clean:
	rm -rf $(BUILD_DIR) $(CHECK_DIR)
