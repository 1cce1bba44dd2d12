"""Local development: `make run`. Never use these settings on a public server."""

from cms.env import env_bool, env_str

from .base import *  # noqa: F403

# DEBUG stays base's: off unless asked (`DJANGO_DEBUG=1 make run`), so that `make run` shows the
# translated error pages members see, not Django's technical ones.
# The demo's staff logins work with a password alone unless asked otherwise.
HANDBOOK_STAFF_SECOND_FACTOR = env_bool("HANDBOOK_STAFF_SECOND_FACTOR", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-do-not-deploy")
