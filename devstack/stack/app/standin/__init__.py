"""MiniRAG-compatible API stand-in for the RagDesk devstack.

One package serves four container roles: ``standin.web`` (the API on :8000 and a control app on :8001),
``standin.worker`` (ingest jobs), ``standin.noise`` (a log generator) and ``standin.seed`` (demo data).
The contract it follows is the MiniRAG API contract; behaviour the real server shows only through
library versions we do not have (Pydantic 2, current FastAPI) is produced explicitly.
"""
