"""The CP-SAT model: candidates (what the hard filters leave), demand (residents as weighted interests), the
variable container, overlap literals and clique cuts, ``build``; ``rules/`` holds one module per rule."""
