#!/usr/bin/env bash
# coursekit on The Littlest JupyterHub (TLJH): one server for one class.
# Run on a fresh Ubuntu server as a user with sudo. Sizing (instructor guide, "Running a
# class of thirty"): about 550 MB per active student, i.e. 20 GB of RAM and 4 cores for
# thirty students working at the same time.
set -euo pipefail

ADMIN="${ADMIN:-instructor}"          # the first admin account on the hub
COURSE_REPO="${COURSE_REPO:-https://github.com/coursekit/coursekit}"

# 1. Install TLJH (its documented bootstrap), with JupyterLab as the default interface.
curl -L https://tljh.jupyter.org/bootstrap.py | sudo python3 - --admin "$ADMIN"

# 2. Install the course package and nbgitpuller into the students' environment.
sudo -E /opt/tljh/user/bin/python -m pip install "git+${COURSE_REPO}" nbgitpuller

# 3. Limit each student's memory: the measured peak (420 MiB RSS for a lesson) plus about
#    30 % headroom, as TLJH's resource-estimation guide advises. A student who goes past
#    it gets a restarted kernel, not a frozen server.
sudo tljh-config set limits.memory 550M
sudo tljh-config set user_environment.default_app jupyterlab
sudo tljh-config reload

# 4. Print the link to give students (run it again for another branch or notebook).
/opt/tljh/user/bin/coursekit classroom link --hub "https://$(hostname -f)" --repo "$COURSE_REPO"
