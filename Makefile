# make demo — create .venv, install, write one document of each kind into output/
# make test — create .venv if needed, install, run every test
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean serve browser office

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python generate.py speech  --school 育才实验中学 --topics 食堂,安全,宿舍 --seed 1 --out output
	$(BIN)/python generate.py plan    --school 育才实验中学 --topics 食堂,宿舍,财务 --seed 1 --out output
	$(BIN)/python generate.py summary --school 育才实验中学 --topics 食堂,安全,维修 --seed 1 --out output
	$(BIN)/python generate.py scheme  --school 育才实验中学 --topics 安全,食堂 --seed 1 --out output
	$(BIN)/python generate.py report  --school 育才实验中学 --topics 食堂,安全 --seed 1 --out output
	@echo "文档已写入 output/。启动网页版：$(BIN)/python generate.py serve（然后在浏览器打开 http://127.0.0.1:8000）"

# Debian's Chromium for the end-to-end web test (the system browser, never a download) and a
# CJK font, without which Chromium draws every Chinese character as a box; each only where missing.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
apt_install = { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $(1) >/dev/null; }

browser:
	@command -v chromium >/dev/null 2>&1 || $(call apt_install,chromium)
	@fc-list :lang=zh family 2>/dev/null | grep -q . || $(call apt_install,fonts-noto-cjk)

# LibreOffice for reading old Word (.doc) and WPS (.wps) files: optional for users and for make test
# (the conversion tests skip without it, saying why); CI installs it first (.ci/run).
office:
	@command -v soffice >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui >/dev/null; fi; }

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench generate.py
	$(BIN)/ruff format --check generator tests bench generate.py
	$(BIN)/python tests/test_code_shape.py

test: lint browser
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/ingest_bench.py
	$(BIN)/python bench/generate_bench.py
	$(BIN)/python bench/batch_bench.py --n 1000

serve: $(STAMP)
	$(BIN)/python generate.py serve

clean:
	rm -rf $(VENV) build *.egg-info
