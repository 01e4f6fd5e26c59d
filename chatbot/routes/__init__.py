"""HTTP endpoints: parse, authorise, call, respond."""
