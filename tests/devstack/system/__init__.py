"""System tests of the devstack (see devstack/README.md, "Tests")."""
