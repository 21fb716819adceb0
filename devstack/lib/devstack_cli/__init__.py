"""RagDesk's devstack: a local MiniRAG-kind stack on a loopback "VPS" (see devstack/README.md)."""
