"""A todo list you manage by talking to it."""

import os

# LiteLLM fetches its model price list over the network at import unless told otherwise;
# every import of it goes through this package, so this line runs first.
os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
