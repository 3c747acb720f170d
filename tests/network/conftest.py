"""The network tests' fixtures live in ``fixtures.py`` so that the API tests can load them too."""

from tests.network.fixtures import *  # noqa: F403
