"""Hypothesis profiles: a short one by default, a derandomized one for CI, a long one on demand.

Select one with HYPOTHESIS_PROFILE=ci or HYPOTHESIS_PROFILE=thorough.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("default", max_examples=10)
settings.register_profile("ci", max_examples=40, derandomize=True)
settings.register_profile("thorough", max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default"))
