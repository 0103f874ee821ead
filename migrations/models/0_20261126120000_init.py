from tortoise import BaseDBAsyncClient

from migrations import by_dialect

RUN_IN_TRANSACTION = True

SQLITE = """
        CREATE TABLE IF NOT EXISTS "apps" (
    "id" VARCHAR(36) NOT NULL PRIMARY KEY,
    "name" VARCHAR(100) NOT NULL,
    "url" VARCHAR(2048),
    "icon" VARCHAR(2048),
    "description" TEXT,
    "sort_order" INT NOT NULL,
    "integration_type" VARCHAR(64),
    "integration_config" TEXT,
    "integration_enabled" INT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL
) /* A tile on the dashboard, and how to reach the service behind it. */;
CREATE TABLE IF NOT EXISTS "widgets" (
    "id" VARCHAR(36) NOT NULL PRIMARY KEY,
    "type" VARCHAR(32) NOT NULL /* INTEGRATION: INTEGRATION\nLINK: LINK\nNOTE: NOTE */,
    "title" VARCHAR(100),
    "position" INT NOT NULL,
    "config" JSON NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "app_id" VARCHAR(36) REFERENCES "apps" ("id") ON DELETE CASCADE
) /* A block on the dashboard; an INTEGRATION widget shows one endpoint of one App. */;
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSON NOT NULL
);"""

POSTGRES = """
        CREATE TABLE IF NOT EXISTS "apps" (
    "id" VARCHAR(36) NOT NULL PRIMARY KEY,
    "name" VARCHAR(100) NOT NULL,
    "url" VARCHAR(2048),
    "icon" VARCHAR(2048),
    "description" TEXT,
    "sort_order" INT NOT NULL,
    "integration_type" VARCHAR(64),
    "integration_config" TEXT,
    "integration_enabled" BOOL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "apps" IS 'A tile on the dashboard, and how to reach the service behind it.';
CREATE TABLE IF NOT EXISTS "widgets" (
    "id" VARCHAR(36) NOT NULL PRIMARY KEY,
    "type" VARCHAR(32) NOT NULL,
    "title" VARCHAR(100),
    "position" INT NOT NULL,
    "config" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "app_id" VARCHAR(36) REFERENCES "apps" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "widgets"."type" IS 'INTEGRATION: INTEGRATION\nLINK: LINK\nNOTE: NOTE';
COMMENT ON TABLE "widgets" IS 'A block on the dashboard; an INTEGRATION widget shows one endpoint of one App.';
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return by_dialect(db, sqlite=SQLITE, postgres=POSTGRES)


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "widgets";
        DROP TABLE IF EXISTS "apps";"""


MODELS_STATE = (
    "eJztWm1T4zYQ/iuafOJmKMOFwDG00xkD4S49SDrg9m6udIxiKY4GR8rJMoG58t+7Uuz4JV"
    "Yu4RIKab4k8e5qJT+PtN7d+FttIAgNox1nOKwdoW81jgcUfuTF26iGjTYRaoHC3dDYgcYI"
    "cDdSEvsKZD0cRhREhEa+ZEPFBNeWDlIspEhwpPoUERz1uwJLso0wJ6gvRkgJJCn2+0YfUX"
    "nHfIq6tM9Az9SOnoUIH6ZhPFiWw5izrzH1lAgoGElw+9ffIAYLek+j9HJ46/UYDUkBIUa0"
    "AyP31MPQyE76WJ4ZS73YrueLMB7wzHr4oPqCT8zhXrQ0oJxKrCjJgcfjMEwwTkXjtYJAyZ"
    "hOFkkyAaE9HIeagtovvZj7GnkEBO0kZHI68hj5NVlbztrz2h3Xu2q6nlebIk6vpAR9IvIF"
    "16QzriKDzADfeyHlgerD5d7B43ieDKGxlZ7wT+fy5INzubV38EZPKGDnjLdTO9HUjerRuM"
    "AKj50YPjICzPcCFKT2yyEhFWQsZPs+BTaFbuVgv93dnQNtsLLCbXQa7wzfWIaLwJuYPwnd"
    "ZAO/THDru43DOdDVZlZ4x8oivgxmXSiEJPYbhOdFOL+4KaBdeq+qgS4NWwe8Z6DrNj+72v"
    "Mgir6GeUy3LpzPBu7BQ6I577Tfp+Y5Dk7OO8cl5CMhlSckoXIa+Ba34F4cVIId7mRVYXp3"
    "VZs80Cv4qf628a5xuHfQOAQTs8qJ5N0MXlpttxwwuKIB3DxLYVkkeFSMXYeNXQwkB405ws"
    "hBwxpEtMqOOUzdY8EikaR69Drg/twBJY8k5RqTivT7WIiQYv59LnIeSmR0wcWq4sxE8rx8"
    "HHc65wU+jltlwP+4OG5CfmjIASOmaHUE8qGeAkw8rKbBPwWNYgNajX5xZAl0kgzdSX+8xo"
    "QcbpB0ePiQnNVZB6R10bxynYvfC6ycOm5Ta+qFE5JKt8qV0sQJ+tRyPyB9ib502k0Dr4hU"
    "IM2MmZ37pabXhGMlPC5GHia50jGVpqgVC4EheSLrxZEb1l8K6ylGOdrN6nWzo3ebq7a1oI"
    "v92xGWxCtosu0xYiSgKqoIx8nAs4+XNMSWdDrpTXwyTl7tczCT5qEUdWHDclo1qA/KEsxx"
    "YG5Jz61nKoJV0a/LYLS37HJ8zdO164bCv53qsv2MMEfwgGi+v3TcVqeNxl5R1BejCKwpop"
    "wMBQCCRM9cO8NhVQ9vme6v+TU/pSEEEx5oByBDRF/TCDEVJU4itHVzA/Dc3CAfRz6GO35z"
    "hHA6xYjB/oyVGaAd+CIOyTUXcMgRvaPSrEF7p1IKuekivvIuor2QavJ4YGhowQIx9+kUHT"
    "9USD3To6yWO0VH+SN1zc9b7Y9HSH9ec/DQPEL6s3xG56KpPg9NdTtN9XLdpZgKFypwJwPW"
    "obp6hu4uZAusujFm7c/kh2y6M1O1kaU78NtVp22piWwdAcJ8hf5BIYtWhmoutndjFsITM9"
    "rR064srs/AUiM0u2FQ7g2Usl3toNww2JSq9p3/OouWTan6f2TdVqrmWYfs1Fsskc5GrF+6"
    "sJyceaoVUIB7GuszISkL+Ef6MJUzV1f8yaslrwtpW7kPYolHk/out7/gxsclqNmQztWJc9"
    "qsPdr7KqvsGzhUMr9fq3rPZ6zZnvmqT2bzvbaBHc8ll8rWXLXycFdkqQl5P1Yor/JoLyVL"
    "tZe/d1RGlVWAPXbmhrzkwvep7yLs78/zKsL+vv1NBK17LD+gFnw6rSm6KyllYUZFeUXGN7"
    "P0Soc8f+313/wtu7Qqa4E/CZb/MHv8F+j9qaw="
)
