"""Settings read once from the environment, with the defaults of the real MiniRAG code."""

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """The environment variables the stand-in honours (the real app's names plus the two port overrides)."""

    database_url: str
    redis_url: str
    qdrant_url: str
    jwt_secret_key: str
    jwt_algorithm: str
    jwt_expire_minutes: int
    encryption_key: str
    allowed_origins: str
    default_llm_model: str
    default_embedding_model: str
    release: str
    host: str
    api_port: int
    control_port: int

    @property
    def psycopg_dsn(self) -> str:
        # The real app uses SQLAlchemy URLs (postgresql+asyncpg://); libpq wants the plain scheme.
        return self.database_url.replace("+asyncpg", "").replace("+psycopg2", "")


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def load() -> Settings:
    return Settings(
        database_url=_env("DATABASE_URL", "postgresql://minirag:changeme@postgres:5432/minirag"),
        redis_url=_env("REDIS_URL", "redis://redis:6379/0"),
        qdrant_url=_env("QDRANT_URL", "http://qdrant:6333"),
        jwt_secret_key=_env("JWT_SECRET_KEY", ""),
        jwt_algorithm=_env("JWT_ALGORITHM", "HS256"),
        jwt_expire_minutes=int(_env("JWT_EXPIRE_MINUTES", "60")),
        encryption_key=_env("ENCRYPTION_KEY", ""),
        allowed_origins=_env("ALLOWED_ORIGINS", "*"),
        default_llm_model=_env("DEFAULT_LLM_MODEL", "gpt-4o-mini"),
        default_embedding_model=_env("DEFAULT_EMBEDDING_MODEL", "text-embedding-3-small"),
        release=_env("RELEASE", ""),
        host=_env("STANDIN_HOST", "0.0.0.0"),
        api_port=int(_env("STANDIN_PORT", "8000")),
        control_port=int(_env("STANDIN_CONTROL_PORT", "8001")),
    )


settings = load()
