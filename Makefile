# The project's vocabulary. `make help` lists the targets.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
SHARED ?= ../shared

.DEFAULT_GOAL := help
.PHONY: help venv dev lock serve test lint typecheck format openapi readme bench bench-quality bench-external bench-libraries bench-cv title-model render-browser bench-datelines crash-test models model kind-model text-gate page-gate rendering-gate clean lint-deploy image-test

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-16s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Dependencies come from the lock files (exact versions, hashes checked), the project itself
# without dependencies: every machine, CI and the image run the same versions. `make lock`
# rewrites the locks from pyproject.toml.
LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock

# The project's install compiles its Cython extensions (setup.py) in place: an edited .pyx
# reinstalls it, so the built module never lags behind its source.
EXTENSIONS := setup.py $(shell find article_normalizer -name '*.pyx')

$(VENV)/.installed: pyproject.toml $(LOCK) $(EXTENSIONS) | $(BIN)/activate
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(DEV_LOCK) $(EXTENSIONS) | $(BIN)/activate
	$(BIN)/python -m pip install --quiet --require-hashes -r $(DEV_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(VENV)/.installed $@

venv: $(VENV)/.installed ## Create the virtual environment with the runtime dependencies

dev: $(VENV)/.installed-dev ## Create the virtual environment with the dev extras

serve: venv ## Install and start gunicorn on $$PORT (default 8000)
	PORT=$(PORT) $(BIN)/gunicorn --config python:article_normalizer.api.gunicorn_conf article_normalizer.api.app:app

test: dev lint-deploy ## Install the dev extras and run lint, type checks and the whole test suite
	$(BIN)/ruff check article_normalizer tests bench
	$(BIN)/ruff format --check article_normalizer tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

# Kubernetes release whose schemas the manifests must satisfy (kubernetes-validate bundles them:
# offline). Keep it the newest one the installed kubernetes-validate carries.
K8S_VERSION ?= 1.37.0
K8S_MANIFESTS = $(filter-out k8s/kustomization.yaml,$(wildcard k8s/*.yaml))

lint-deploy: dev ## hadolint the Dockerfile, validate every k8s manifest strictly, shellcheck (offline)
	$(BIN)/hadolint --failure-threshold info Dockerfile
	$(BIN)/shellcheck scripts/image-test.sh
	$(BIN)/kubernetes-validate --strict --quiet --kubernetes-version $(K8S_VERSION) $(K8S_MANIFESTS)

image-test: dev ## Build the image and run it (podman, read-only, SIGTERM, kube play); ~3-6 min
	scripts/image-test.sh

lint: dev ## ruff lint and format check
	$(BIN)/ruff check article_normalizer tests bench
	$(BIN)/ruff format --check article_normalizer tests bench

typecheck: dev ## mypy strict on article_normalizer/
	$(BIN)/mypy

format: dev ## Reformat the code
	$(BIN)/ruff format article_normalizer tests bench
	$(BIN)/ruff check --fix article_normalizer tests bench

openapi: venv ## Regenerate openapi/openapi.json and openapi/openapi.yaml from the app
	$(BIN)/python -m article_normalizer.api.spec_files

readme: dev ## Rewrite the README's request examples from what the app answers (docs/readme_examples.toml)
	$(BIN)/python -m tests.readme_examples

bench: venv ## Speed vs trafilatura/jusText, stage profile, HTTP load (wrk), worker RSS; JSON in bench/results/
	$(BIN)/python -m bench.perf --shared $(SHARED) $(BENCH_ARGS)

bench-quality: dev ## Score the pipeline on the dev and multidev corpora and on the page texts scrapers send; dates beside htmldate, bylines, outlets (needs ../shared)
	$(BIN)/python -m bench.quality --shared $(SHARED)
	$(BIN)/python -m bench.quality_multi --shared $(SHARED) $(BENCH_ARGS)
	$(BIN)/python -m bench.quality_multi --shared $(SHARED) --innertext $(BENCH_ARGS) \
		--json bench/results/quality-innertext.json
	$(BIN)/python -m bench.renderings --shared $(SHARED) $(BENCH_ARGS)
	$(BIN)/python -m bench.quality_html --shared $(SHARED)
	$(BIN)/python -m bench.kinds --shared $(SHARED)
	$(BIN)/python -m bench.page_kinds --shared $(SHARED) --html
	$(BIN)/python -m bench.dates --shared $(SHARED)
	$(BIN)/python -m bench.bylines --shared $(SHARED)
	$(BIN)/python -m bench.outlets --shared $(SHARED)
	$(MAKE) bench-datelines

AEB ?= ../article-extraction-benchmark
TRAFILATURA_EVAL ?= ../trafilatura/tests

bench-external: dev ## Score ours, trafilatura and jusText on public benchmarks outside the corpora (needs checkouts: AEB=<scrapinghub/article-extraction-benchmark> TRAFILATURA_EVAL=<trafilatura/tests>, optionally MAGIC_HTML=<magic-html/benchmark/data>)
	$(BIN)/python -m bench.external --aeb $(AEB) --trafilatura-eval $(TRAFILATURA_EVAL) $(if $(MAGIC_HTML),--magic-html $(MAGIC_HTML)) $(BENCH_ARGS)

bench-libraries: dev ## Our own code beside the libraries that could replace it (installs the compare extra) (needs ../shared)
	$(BIN)/python -c "import tomllib; print(' '.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['optional-dependencies']['compare']))" | xargs $(BIN)/python -m pip install --quiet
	$(BIN)/python -m bench.libraries --shared $(SHARED) $(BENCH_ARGS)

FOLD_MODELS ?= bench/results/fold-models

bench-cv: dev ## Out-of-fold quality of the whole pipeline, text and HTML mode, beside trafilatura and jusText (~20 min) (needs ../shared)
	$(BIN)/python -m bench.train_classifier --shared $(SHARED) --version $(MODEL_VERSION) $(MODEL_ARGS) \
		--no-export --oof $(FOLD_MODELS)/oof.npz --fold-models $(FOLD_MODELS)
	$(BIN)/python -m bench.train_page_gate --shared $(SHARED) --fold-models $(FOLD_MODELS) \
		$(GATE_ARGS) --fold-gates --no-export
	$(BIN)/python -m bench.train_text_gate --shared $(SHARED) --fold-models $(FOLD_MODELS) \
		$(TEXT_GATE_ARGS) --fold-gates --no-export
	$(BIN)/python -m bench.train_rendering_gate --shared $(SHARED) --fold-models $(FOLD_MODELS) \
		$(RENDERING_GATE_ARGS) --fold-gates --no-export
	$(BIN)/python -m bench.quality_multi --shared $(SHARED) --fold-models $(FOLD_MODELS) \
		--systems ours,ours-html,trafilatura,justext --json bench/results/quality-cv.json

render-browser: dev ## Render both dev corpora in headless Chromium for their innerText (cached outside the repo, resumable; ~30 min) (needs ../shared)
	nice -n 10 $(BIN)/python -m bench.render_browser --shared $(SHARED)

bench-datelines: venv ## Score datelines (Reuters) and published stamps (dev corpus) (needs ../shared)
	$(BIN)/python -m bench.datelines --shared $(SHARED) --stamps

crash-test: venv ## Every page of both dev corpora as text, HTML, mangled text and cut-off HTML: no crash (~5-10 min) (needs ../shared)
	$(BIN)/python -m bench.crash --shared $(SHARED) --jobs 2

MODEL_VERSION ?= 2
MODEL_ARGS ?= --corpora dev,multidev --folds 5 --trees 200 --leaves 31 --stage2-trees 0 --page-weight 0.5 --innertext

model: dev ## Retrain the line classifier (on both text renderings: needs make render-browser's cache), then the text page threshold gate, the kind model, the HTML page gate and the HTML rendering gate on its decisions (CV by site), byte for byte (~25 min)
	$(BIN)/python -m bench.train_classifier --shared $(SHARED) --version $(MODEL_VERSION) $(MODEL_ARGS) \
		--cv-json bench/results/classifier-cv.json --fold-models $(FOLD_MODELS)
	$(MAKE) text-gate
	$(MAKE) kind-model
	$(MAKE) page-gate
	$(MAKE) rendering-gate

KIND_MODEL_VERSION ?= 1
KIND_MODEL_ARGS ?= --corpora dev,multidev --folds 5 --trees 40 --leaves 15 --min-confidence 0.25 \
	--keep-lexicon navigation,comment,comment_box,share,legal,newsletter,caption \
	--keep-reasons context:self_description,context:below_comments_heading

kind-model: dev ## Retrain the kind model of text mode's removed lines (silver kinds from markup, CV by site), byte for byte (~3 min)
	$(BIN)/python -m bench.train_kinds --shared $(SHARED) --version $(KIND_MODEL_VERSION) $(KIND_MODEL_ARGS)

UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command "make lock" --quiet

GATE_VERSION ?= 1
GATE_ARGS ?= --folds 5 --trees 200 --leaves 7

page-gate: dev ## Refit HTML mode's page gate on the line model's out-of-fold decisions (needs $$FOLD_MODELS from make model or bench-cv), byte for byte (~5 min)
	$(BIN)/python -m bench.train_page_gate --shared $(SHARED) --fold-models $(FOLD_MODELS) \
		--version $(GATE_VERSION) $(GATE_ARGS) --fold-gates

RENDERING_GATE_VERSION ?= 1
RENDERING_GATE_ARGS ?= --folds 5 --trees 200 --leaves 7 --threshold 0.01

rendering-gate: dev ## Refit HTML mode's choice between trafilatura's extraction and the page text, on out-of-fold bodies of both (needs $$FOLD_MODELS and its page and text gates from make model or bench-cv), byte for byte (~5 min)
	$(BIN)/python -m bench.train_rendering_gate --shared $(SHARED) --fold-models $(FOLD_MODELS) \
		--version $(RENDERING_GATE_VERSION) $(RENDERING_GATE_ARGS) --fold-gates

TEXT_GATE_VERSION ?= 1
TEXT_GATE_ARGS ?= --folds 5 --trees 200 --leaves 7 --margin 0.3

text-gate: dev ## Refit text mode's page threshold gate on the line model's out-of-fold scores (needs $$FOLD_MODELS from make model or bench-cv), byte for byte (~2 min)
	$(BIN)/python -m bench.train_text_gate --shared $(SHARED) --fold-models $(FOLD_MODELS) \
		--version $(TEXT_GATE_VERSION) $(TEXT_GATE_ARGS) --fold-gates

models: dev ## Every fitted file in the order they read each other: make model, make title-model, then the rendering gate again (its readings run the title stage), byte for byte (~35 min)
	$(MAKE) model
	$(MAKE) title-model
	$(MAKE) rendering-gate

title-model: dev ## Refit the title stage's weights and ranker on both corpora in both renderings (needs $$FOLD_MODELS from make model or bench-cv, and make render-browser's cache), byte for byte (~5 min)
	$(BIN)/python -m bench.title_cv --shared $(SHARED) --fold-models $(FOLD_MODELS) \
		--fixed-threshold 1.0 --write

lock: dev ## Re-resolve requirements.lock and requirements-dev.lock from pyproject.toml (uv)
	$(UV_COMPILE) --extra dev -o $(DEV_LOCK) $(LOCK_ARGS)
	$(UV_COMPILE) -c $(DEV_LOCK) -o $(LOCK) $(LOCK_ARGS)

clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
	find article_normalizer \( -name "*.so" -o -name "*.c" \) -delete
