"""A todo list you manage by talking to it."""

import os
from importlib import metadata

try:
    __version__ = metadata.version("chatbot")
except metadata.PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0.0.0+source"

# LiteLLM fetches its model price list over the network at import unless told otherwise;
# every import of it goes through this package, so this line runs first.
os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
