from tortoise import BaseDBAsyncClient

from migrations import by_dialect

RUN_IN_TRANSACTION = True

SQLITE = """
        CREATE TABLE IF NOT EXISTS "api_keys" (
    "id" VARCHAR(36) NOT NULL PRIMARY KEY,
    "name" VARCHAR(64) NOT NULL UNIQUE,
    "role" VARCHAR(16) NOT NULL /* VIEWER: viewer\nADMIN: admin */,
    "prefix" VARCHAR(16) NOT NULL UNIQUE,
    "secret_hash" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "last_used_at" TIMESTAMP
) /* A credential for a program: ``tw_<prefix>_<secret>``, shown once when created. */;"""

POSTGRES = """
        CREATE TABLE IF NOT EXISTS "api_keys" (
    "id" VARCHAR(36) NOT NULL PRIMARY KEY,
    "name" VARCHAR(64) NOT NULL UNIQUE,
    "role" VARCHAR(16) NOT NULL,
    "prefix" VARCHAR(16) NOT NULL UNIQUE,
    "secret_hash" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "last_used_at" TIMESTAMPTZ
);
COMMENT ON COLUMN "api_keys"."role" IS 'VIEWER: viewer\nADMIN: admin';
COMMENT ON TABLE "api_keys" IS 'A credential for a program: ``tw_<prefix>_<secret>``, shown once when created.';"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return by_dialect(db, sqlite=SQLITE, postgres=POSTGRES)


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "api_keys";"""


MODELS_STATE = (
    "eJztWm1z2jgQ/isaPqUzaSahCe3QTmechLZcErhJuLbTy40RtgBNjORKcgjTy38/Sbbxqw"
    "ikkBCOLySsdlfys/Jqn0W/KiPqIo/vWT4+Q5NKHfyqEDhC8p/cyC6oQN9P5EogYM/TqtDH"
    "9g2aaCHsccGgI6S8Dz2OpMhF3GHYF5gSpW0BhyEXEYGhB/qUAQh8RgcMjuqg2xVj+4PPUB"
    "/ffbQ/cCRVxcdudxfwIR0TQImDwHiIiPIBBXL31JwudeSkmAyW7/6aXJM28SZADBG4+mK9"
    "rh7VAO3rr6E5wBxwQeWc77U09A76mLhcCxgd74FLdEtv5AqBBA8JxAEWeukBwT8DZAs6QF"
    "KXyQf4+x8plsboDvH4q39j9zHy3EyAsKscaLktJr6WnQwh+6Q1FSw926FeMCKJtj8RQ0qm"
    "6hI1JR0ggph63FTQSOB5UXxjUbhWKRAsQNNFuonARX0YeCr0lQ/9gDgq4kBum71oLxE0tr"
    "H7MVpbStu2W+2OfdXo2HalsGHUSnJBjkQOJWqzYSK4RmYE72wPkYEYyq9vavfhPAlCoZaa"
    "8Kt1efLFutx5U3ulJqRyx4ZbuRWNVPXQvXYBBQyd6HgkAdB/FwhBrP9UQYiBWznUtcM5oK"
    "4dGqFWQwrqBFpGPQO0DRKMNLxNuSAo39cCzLHtcmCOBQnOSVp7PNCVr83Gt8ZlHdxiNEbs"
    "mlinF81WHUB3hEk+pc0TgoN5dvuBebcf1PIhCPPYIvs7sdi4Hb58eMPDwx5CPlwE45zZOu"
    "/xtUkm0VluQ1FE+lSOCDxC5WhnLXNgu5HpXvzPS4RePqCr6pvo7ZoBfad50bjqWBd/qulG"
    "nP/0NH5Wp6FGqlo6yUl38m/E1An41ux8Aeor+NFuNTS8lIsB0zMmep0fFbUmGAhqEzq2oZ"
    "tKBLE0Ri0TdQ9yYQf8UXHP2y4h8tGS1yXwLyTQMSaFSKuquH+TKsuUoAedmzFkrl0YoVVq"
    "0i0OjaqjvAQSONBBUmiqdU7ZkV8pJU3+Q4zJn5stCewhyUw0l3Bl3u9RuexdAIkLJGkBgg"
    "L5EjvDiJKwWyw5TA8N5caKSUaOH/2+wy1rWdXpt+ms5bnPu2xVt78/T1m3v2+u69RYttoI"
    "mLcIvJH6o9BdszMlC251//DdHOgqNSO84WAWXyxnXSiFRPpbhOdFOL24AtAddCfKgc6ZbQ"
    "Les6qkxvdOpkCKMd25sL6/yhRJ5+3W51g9FYOT8/ZxnhRSJmzKXMSKwDeJAfesUQ52+SSr"
    "StP7q9rkA7WC19WDw7eH797UDt9JFb3KqeTtjLg0W518wiACDeTD4xiWRZJHie0mbOxVU+"
    "40bnLqPh4skknKrTcB96dOKGkkEVGYlJTfx5R6CJKHY5HykAtGT7pYVZ6ZSp42Hsft9nkm"
    "HsfNPOB/XRw3ZH2ogyOVsEDlGWjbgDInos1tQAW++8ioZy23UV+XqJd0o/TqF2hGJdtjjN"
    "0BErwkHUeGn84ukQcN5XTUm/imnbzYczCRpqFcVbMuAqukX5fAaG7ZpeI1T9eu51HnptBl"
    "ew8gAfKAaHy+tDrNdguEXvX1Ay61EUDE9akERF0yUN8t3y/r4S3TvbrjcKquJaj7CdKBlK"
    "WuKfDICQc73a6Ep9sFDuQOlE/8qg5gPMUYy/0ZCG2gHDg08NxrQtXdCXSLmF6D8o4Yo2zb"
    "RXzhXUQzkXr4B/rfIlJP9QN96i2qp1+pa3LebJ3Vgfq8JtJDow7UZ/4dnStM1XnCVDWHqZ"
    "rnXQIL08WJ8ldjarAJ7OoJuruyWsDljTFjfyZtsu3OFLiRoTvwx1W7ZeBEpo6Aix0B/gUe"
    "5itDNZXbewH25InJ99S0K8vrM7BUCM1uGOR7A7lqVznINwy2VNW8818madlS1f9j1E1UNR"
    "11WZ3aixXSicXmlQvLqZkLrYAM3EWsP1GG8ICcoUmhZi5n/NHVkpeFtInuSzGD4ym/S+0v"
    "+eAhBdUb0ro6sU4blftnuuSDGHaGlbJ7PuHI7syrPonOQ20DM55LpsrGWrX05S6pUqPgre"
    "/t3aVUqWb6e4sYL2UB5tyZMlln4vvYuwhHR/NcRTg6Mt9EUGP3+QNqwdNpQ9FdCZWVMwpE"
    "Siq+mdQrNnl67vU8P8sujWU9643V+/8ArEPqAA=="
)
