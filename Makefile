# The canonical commands. Each target is one line a newcomer can read.
PY := .venv/bin/python
PIP := .venv/bin/pip -q --disable-pip-version-check
STAMP := .venv/.installed-$(shell cat pyproject.toml package-lock.json | sha1sum | cut -c1-12)

.PHONY: run test lint format check bench audit screenshots serve worker load clean .venv/ready

$(STAMP):
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install -e '.[test]' 2>&1 | grep -v "^WARNING: Location" || true
	$(PY) -c "import django, allauth, playwright" && touch $(STAMP)

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error && touch $@

.venv/ready: $(STAMP) node_modules/axe-core/axe.min.js

run: $(STAMP)  ## Serve the app on http://localhost:8000 with SQLite (or DATABASE_URL), demo data and console email
	DEBUG=true $(PY) manage.py migrate --noinput -v0
	DEBUG=true $(PY) manage.py load_library
	DEBUG=true $(PY) manage.py load_demo
	DEBUG=true $(PY) manage.py runserver localhost:8000

test: $(STAMP) node_modules/axe-core/axe.min.js  ## Run the whole suite (PostgreSQL when DATABASE_URL is set)
	@if [ -n "$$DATABASE_URL" ]; then echo "== Tests on PostgreSQL ($$DATABASE_URL)"; else echo "== Tests on SQLite (set DATABASE_URL to use PostgreSQL)"; fi
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)  ## Ruff, then mypy with django-stubs (files and settings in pyproject's [tool.mypy])
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy

format: $(STAMP)
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .

check: $(STAMP)  ## Django's checks and the migrations check
	DEBUG=true $(PY) manage.py check --fail-level WARNING
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

serve: $(STAMP)  ## Production-style: gunicorn + WhiteNoise; needs SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (see README)
	$(PY) manage.py collectstatic --noinput -v0 && $(PY) manage.py migrate --noinput -v0
	LOG_FORMAT=json .venv/bin/gunicorn config.wsgi --bind $${BIND:-127.0.0.1:8000} --workers $${WORKERS:-2} --no-control-socket --access-logfile - --logger-class config.gunicorn_logging.RedactingLogger

worker: $(STAMP)  ## The email worker for TASKS_BACKEND=database (one machine); run it beside `make serve`
	$(PY) manage.py db_worker --queue-name default

bench: $(STAMP)  ## Cost of every page on PostgreSQL (DATABASE_URL, default local alongside_bench); writes bench/results.md
	$(PY) -m bench.run

audit: $(STAMP) node_modules/axe-core/axe.min.js  ## Lighthouse (pinned npm package, system Chromium) as a phone on 8 pages; writes its section of bench/results.md
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) -m bench.audit

screenshots: $(STAMP)  ## The key pages at phone and desktop size from the demo couple, into docs/screenshots/ (the README gallery)
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) -m bench.screenshots

load: $(STAMP)  ## 200 couples walk the mixed journey for 60 s against gunicorn on 127.0.0.1; zero errors
	$(PY) -m bench.load

clean:
	rm -rf .venv node_modules staticfiles db.sqlite3
