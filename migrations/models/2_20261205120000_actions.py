from tortoise import BaseDBAsyncClient

from migrations import by_dialect

RUN_IN_TRANSACTION = True

SQLITE = """
        CREATE TABLE IF NOT EXISTS "action_runs" (
    "id" VARCHAR(36) NOT NULL PRIMARY KEY,
    "app_id" VARCHAR(36) NOT NULL,
    "app_name" VARCHAR(100) NOT NULL,
    "integration_type" VARCHAR(64) NOT NULL,
    "action_id" VARCHAR(64) NOT NULL,
    "actor" VARCHAR(160),
    "actor_via" VARCHAR(16) NOT NULL,
    "role" VARCHAR(16),
    "input" JSON NOT NULL,
    "client_key" VARCHAR(200) UNIQUE,
    "outcome" VARCHAR(16) NOT NULL /* RUNNING: RUNNING\nSUCCEEDED: SUCCEEDED\nFAILED: FAILED */,
    "error_code" VARCHAR(32),
    "message" TEXT NOT NULL,
    "affected" INT,
    "latency_ms" REAL,
    "created_at" TIMESTAMP NOT NULL
) /* One run of an action: who, when, which App and action, the input (never a secret), the */;
CREATE INDEX IF NOT EXISTS "idx_action_runs_app_id_f0eb4c" ON "action_runs" ("app_id");
CREATE INDEX IF NOT EXISTS "idx_action_runs_created_fcc4b9" ON "action_runs" ("created_at");
        ALTER TABLE "apps" ADD "allowed_actions" JSON;"""

POSTGRES = """
        CREATE TABLE IF NOT EXISTS "action_runs" (
    "id" VARCHAR(36) NOT NULL PRIMARY KEY,
    "app_id" VARCHAR(36) NOT NULL,
    "app_name" VARCHAR(100) NOT NULL,
    "integration_type" VARCHAR(64) NOT NULL,
    "action_id" VARCHAR(64) NOT NULL,
    "actor" VARCHAR(160),
    "actor_via" VARCHAR(16) NOT NULL,
    "role" VARCHAR(16),
    "input" JSONB NOT NULL,
    "client_key" VARCHAR(200) UNIQUE,
    "outcome" VARCHAR(16) NOT NULL,
    "error_code" VARCHAR(32),
    "message" TEXT NOT NULL,
    "affected" INT,
    "latency_ms" DOUBLE PRECISION,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_action_runs_app_id_f0eb4c" ON "action_runs" ("app_id");
CREATE INDEX IF NOT EXISTS "idx_action_runs_created_fcc4b9" ON "action_runs" ("created_at");
COMMENT ON COLUMN "action_runs"."outcome" IS 'RUNNING: RUNNING\nSUCCEEDED: SUCCEEDED\nFAILED: FAILED';
COMMENT ON TABLE "action_runs" IS 'One run of an action: who, when, which App and action, the input (never a secret), the';
        ALTER TABLE "apps" ADD "allowed_actions" JSONB;
COMMENT ON COLUMN "api_keys"."role" IS 'VIEWER: viewer\nOPERATOR: operator\nADMIN: admin';"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return by_dialect(db, sqlite=SQLITE, postgres=POSTGRES)


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "apps" DROP COLUMN "allowed_actions";
        DROP TABLE IF EXISTS "action_runs";"""


MODELS_STATE = (
    "eJztXG1z2jgQ/isavlw6k8s0NKEZ2umMkzgtlwQ6hL5MjxtH2AI0MZJryyFML//9VrINxi"
    "8Ep0CA4wuBlVaSn12v9835VRpwi9jegWYKylnTZ6Uq+lVieEDgS3pwH5Ww40yGJEHgjq1m"
    "YzXNcH2m6LjjCRdoMNTFtkeAZBHPdKkjp0mGBiMIZiPeRZihgL2Khn2+Dx+EyU9q9pHmOD"
    "BuhRP2kegTRJnjC7THyD1xEUYeMV0iXqkxubfFTdicst7ytmkz7guTD4hi6vMhsjnrISqQ"
    "4PzuAF0SR6Aud9U6wEWYXFb98ogQcDYPeXiE9uS+gCXMsBBMZ1xU20xOg4E/PEQttYEUCc"
    "IuQSZ3KLH25TxYtktcwkxivTqQl+0z+tMnhuA9Agu4cPF//wNkyizyQLzop3NndCmxrSlR"
    "U0suoOiGGDmKdtbH7oWaKSHtGCa3/QGbzHZGog8Cj6YD4pLaI4y4GK4mJnjm23aoJhEpOC"
    "sQhOuT8SGtCcEiXezbUn1K77s+U1JBoH0HoVYyMjSo9SE8W2y2YdQbLeNGbxlGKaV08iQJ"
    "BQlJJmdSYSkTnkJmgB8Mm7Ce6MPPN5XHYJ8JQsEsueFXrXn2SWvuvam8khty0PrgjqiHI2"
    "U19KiWwAIHiyh5TAQAV2YUE8KEYzGCiAgzJBGhtzF4T+OrvhdEOOJZFsYT27hykA9fv54D"
    "ZZiVC7Mam8YZtiI9gIRGYBUxKxm8W4h75WgO2CtHuajLoYRyB4/egvYjzrSDeT6YuVsQ4o"
    "DhWfCG5nc90T2szGU8KjOMRyVlPBRexj3FhUGOmLZQjw/neRYe5j8LD1PPQpfbhexyNH8b"
    "tXjR2KqQIQ3uXzeNet5DL2RIoGtRU6B/kU09sSwVjjnWHZ/aEJR4B3LbpTnVM8CWAMmVB5"
    "73046DvHetfU/if3bVOFWQcU/0XLWKWuA0IQzTphB3GXdkVETdp7kWovRPBzkrU/nyXF5f"
    "eYbXV057fWEsnI2yzvyBQroGx8IQrqYQj7GvswEvNb/U67X6xyoKv7TZzZezM10/18+raP"
    "y1zS602pUkBX+TGYmXMUzEdeExaULwXORemObavgfAm/I8gWY5P9AsJ3EeEM/DvQyQW+RB"
    "ZIMcY1md+pdewMi39O+t2UZ+MApHrhr1j9H0pOVPOI3dLjElNinEaywH8DhLAnG4ig3U6Z"
    "48xJ/lw6O3RydvKkcnMEWdc0x5O0MqtXorAakNV87MkTHw0qBe2BznwDrNlgC2K/k2D9oZ"
    "uJ03vpxe6ehzUz+r3dRC9yXS32BQkoBAhYKgqWtXSQ/FJRIKA2f4jOcwIuiA5HgpU5xJ5z"
    "FkPYi+bGBCEK7PajB7FO47y6zUrvWblnb9ecq2nGstXY6Up+USUveSz87xIuhbrfUJyZ/o"
    "R6OuJ/3M8bzWj5I8E/YFNxgfGtiKQRRRIxgfZea9exdL/UpCB5t3Q+xaRmqEl3ne3PTQoD"
    "xIUjCDB4oVgiuPGdVyHHpJRqWsKk8wsj+zxONQ6RbPWd/REOioJQsf2FalEIwcl/dcPKii"
    "21sxNN47LunShw/G+6Cy8uH2dh95fT5kiIObqMozKNTzg1RdZ7HLt1mbSW1TFZqbT9qf5e"
    "OKLBkFBRvJjqiHPMFhz3eKGqyOunB7eEGVhw8PUJPc8zs4YVjT8RAVu9rMRtQK8mszResG"
    "i60ZrFHsuPiUan4q6umo8bfSUqsKGb/W9G96s4ruKRkSF2zMZ72ptRpA4Y48Hweadn5dq1"
    "cRtgaUrUewGNi2Ijo/4dg6rV88vMEDxehjr18E4wTbOuv92hiYzXKwVwv9dnnY0wGsJwzf"
    "e5bck7wLkPzmxLTrJOgIk/WNpZxSZiDlPBVFOXNHUILaBIV9YxbY/Q6HY++Pe84ER3ATm/"
    "0wTHHvKcQ1HdIHxYoCj0TM9PsL7iKZZT39tj2Seenn3fK7n3zXLgJvOH37yirl10cnc1UZ"
    "j05mlBnlYKK6DrsWMiHh/B3C8yIcP1wK6PwSVoJtG/BedR3L464wuGuRjBaz3ErWNNOzal"
    "nPMtOvl6XkC65krUU76pop9rJD7jhusHWX9opYkmzubcB91QYljiRhEpMM9/uUc5tg9rQs"
    "YiskhNGBJZZlZ8aU1crjtNG4mpLHaS0J+JfrUx38QyWcSYk3bYGwbfOhTCao2CKjoJ7fGp"
    "jB+ltNgptzPyynG3CXCvwfpgJ9x3qm1Kc5d1JfF6ln5AXV6QukBSfqMaRWj4gMs3waMl5c"
    "NomNcwKbMEv0TS2ysRZ4Qo1Duay0aQhWRuZ0AmN+8jQmr3nypx2bm3epfOc7+SYwPKr1j0"
    "2tVWvUUbCqag7xYDZBhFkOB0BkC4j8rTlOVjZ1kcvLDpRz2TQiu0dggcmLwbKJxAsX8dDe"
    "7S3Ac3uLTOyZGK74VRXhaIshBf30hWKQC5jct60247KzRb3FLM8gV1eNvbt87obnc/ND2q"
    "fbJzbhDctS7C6qxm+pNruq1S+rSH62GaygV5H8TN6jL9MDLqgo9obVmGEb4twV5NnBW6DZ"
    "KcrcTFmcZZcnS0apeXma/OA0Nzeze3FtF6rugpZdqLqTen6omvzPJCv9zy9r7S4sxmdOpQ"
    "Km4E5jfcFdQnvskoxSPnN2xB82+WwW0nnhPpBdPBzHdzH9ggsPQlClkNrNmXaulx5fqN2K"
    "uNTsl7I6roKR/ZlNV5M5T6UN8vFccKic66tm3twZXmoovPXto16Il5of/t4T18uMAvJtZ4"
    "xlnQPf53aFHB/P0xRyfJzfEyLHUv86q+DTaUvRXUooCzvKfw5YMPSKWFYfe214QfBFe4cf"
    "/wMXKLbZ"
)
