# Two entry points: `make demo` and `make test`. Both create/refresh .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	# bytecode as a regular install has it (an editable install compiles the package at every call when
	# PYTHONDONTWRITEBYTECODE is set: ~50 ms of each `seq2par` start-up)
	$(BIN)/python -m compileall -q analyzers cli generators validators models > /dev/null
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/seq2par analyze examples/c/heat2d.c examples/c/recurrence.c
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/seq2par parallelize examples/c/heat2d.c --target mpi --np 2,3 -o out/heat2d.mpi.c

test: $(STAMP)
	PATH=$(CURDIR)/$(BIN):$$PATH OMP_NUM_THREADS=1 $(BIN)/python -m pytest -q tests
	PATH=$(CURDIR)/$(BIN):$$PATH OMP_NUM_THREADS=1 $(BIN)/mpiexec -n 2 $(BIN)/python -m pytest -q --with-mpi -m mpi tests/mpi

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) build *.egg-info
